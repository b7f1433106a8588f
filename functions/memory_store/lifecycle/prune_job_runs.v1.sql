-- memory_store.prune_job_runs(p_older_than interval) RETURNS bigint
--
-- Deletes finished job_runs rows older than p_older_than.
--
-- Errors:
--   22004, 22023 negative.
-- Example:
--   SELECT memory_store.prune_job_runs(interval '14 days');

CREATE OR REPLACE FUNCTION memory_store.prune_job_runs(p_older_than interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_rows bigint;
BEGIN
    IF memory_store.require('older_than', p_older_than) < interval '0' THEN
        RAISE EXCEPTION 'older_than must not be negative, got %', p_older_than USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM memory_store.job_runs WHERE started_at < now() - p_older_than AND status <> 'running';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.prune_job_runs(p_older_than interval) IS 'Deletes finished memory_store.job_runs rows started more than p_older_than ago; returns how many. Errors: 22004, 22023 negative.
Example: SELECT memory_store.prune_job_runs(interval ''14 days'');';
