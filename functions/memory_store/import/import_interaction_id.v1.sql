-- memory_store.import_interaction_id(p_user_id text, p_index integer)
--     RETURNS character varying
--
-- Legacy import: memory id of interaction p_index (0-based) of a jarvis
-- user.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_interaction_id('u-42', 0);

CREATE OR REPLACE FUNCTION memory_store.import_interaction_id(p_user_id text, p_index integer)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id || '-interaction-' || p_index) $fn$;

COMMENT ON FUNCTION memory_store.import_interaction_id(p_user_id text, p_index integer) IS 'Legacy import: memory id of interaction p_index (0-based) of a jarvis user. Example: SELECT memory_store.import_interaction_id(''u-42'', 0);';
