-- memory_store.import_user_session_id(p_user_id text) RETURNS character
--     varying
--
-- Legacy import: the session that holds a jarvis user's entities and
-- interactions (so they belong to the user).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_user_session_id('u-42');

CREATE OR REPLACE FUNCTION memory_store.import_user_session_id(p_user_id text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id) $fn$;

COMMENT ON FUNCTION memory_store.import_user_session_id(p_user_id text) IS 'Legacy import: the session that holds a jarvis user''s entities and interactions (so they belong to the user). Example: SELECT memory_store.import_user_session_id(''u-42'');';
