-- memory_store.import_system(p_name text) RETURNS text
--
-- Canonical name of a legacy system (also accepts the short names).
--
-- Errors:
--   22023 unknown legacy system %: expected SessionMemoryAgent,
--   contextual_memory_pc2 or jarvis_memory_pc2
-- Example:
--   SELECT memory_store.import_system('jarvis');

CREATE OR REPLACE FUNCTION memory_store.import_system(p_name text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    CASE lower(p_name)
        WHEN 'sessionmemoryagent', 'session_memory_agent', 'session', 'sma' THEN RETURN 'SessionMemoryAgent';
        WHEN 'contextual_memory_pc2', 'contextual', 'context' THEN RETURN 'contextual_memory_pc2';
        WHEN 'jarvis_memory_pc2', 'jarvis' THEN RETURN 'jarvis_memory_pc2';
        ELSE RAISE EXCEPTION 'unknown legacy system %: expected SessionMemoryAgent, contextual_memory_pc2 or jarvis_memory_pc2',
                             p_name USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_system(p_name text) IS 'Legacy import: canonical legacy system name (sma/session, contextual, jarvis accepted). Example: SELECT memory_store.import_system(''jarvis'');';
