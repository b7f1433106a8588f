-- memory_store.import_purge(p_run_id bigint) RETURNS bigint
--
-- Drop a run's staged records (the run, its counts and its rejects stay).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_purge(1);

CREATE OR REPLACE FUNCTION memory_store.import_purge(p_run_id bigint)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH gone AS (DELETE FROM memory_store.import_staging s WHERE s.run_id = p_run_id RETURNING 1)
    SELECT count(*) FROM gone
$fn$;

COMMENT ON FUNCTION memory_store.import_purge(p_run_id bigint) IS 'Legacy import: delete the staged records of a run once it is reconciled; returns how many. Example: SELECT memory_store.import_purge(1);';
