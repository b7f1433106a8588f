-- memory_store.import_begin(p_source_system text, p_source_name text
--     DEFAULT NULL::text) RETURNS bigint
--
-- Start a run; the client then COPYs the file's records into
-- memory_store.import_staging (run_id, line_number, raw).
--
-- Errors:
--   through the functions it calls: 22023
-- Example:
--   SELECT memory_store.import_begin('contextual', 'ctx.jsonl');

CREATE OR REPLACE FUNCTION memory_store.import_begin(p_source_system text, p_source_name text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    INSERT INTO memory_store.import_runs (source_system, source_name)
    VALUES (memory_store.import_system(p_source_system), p_source_name)
    RETURNING run_id
$fn$;

COMMENT ON FUNCTION memory_store.import_begin(p_source_system text, p_source_name text) IS 'Legacy import: start a run and return its id; then COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN. Example: SELECT memory_store.import_begin(''contextual'', ''ctx.jsonl'');';
