-- memory_store.import_turn_id(p_session_id text, p_index integer) RETURNS
--     character varying
--
-- The three id schemes, in one place for the importers and the reconciliation.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_turn_id('s-001', 0);

CREATE OR REPLACE FUNCTION memory_store.import_turn_id(p_session_id text, p_index integer)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('sma-' || p_session_id || '-' || p_index) $fn$;

COMMENT ON FUNCTION memory_store.import_turn_id(p_session_id text, p_index integer) IS 'Legacy import: memory id of turn p_index (0-based) of a SessionMemoryAgent session. Example: SELECT memory_store.import_turn_id(''s-001'', 0);';
