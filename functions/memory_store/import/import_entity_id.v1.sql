-- memory_store.import_entity_id(p_user_id text, p_entity text) RETURNS
--     character varying
--
-- Legacy import: memory id of a jarvis entity of a user.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_entity_id('u-42', 'Leeds');

CREATE OR REPLACE FUNCTION memory_store.import_entity_id(p_user_id text, p_entity text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id || '-entity-' || md5(p_entity)) $fn$;

COMMENT ON FUNCTION memory_store.import_entity_id(p_user_id text, p_entity text) IS 'Legacy import: memory id of a jarvis entity of a user. Example: SELECT memory_store.import_entity_id(''u-42'', ''Leeds'');';
