-- memory_store.job_end(p_run_id bigint, p_rows_affected bigint, p_detail
--     text DEFAULT NULL::text, p_error_sqlstate text DEFAULT NULL::text,
--     p_error_message text DEFAULT NULL::text) RETURNS void
--
-- End of a job run: outcome, rows affected, detail.
--
-- Errors:
--   22004, 22023 no such running run.
-- Example:
--   SELECT memory_store.job_end(42, 1000, 'deleted 1000 memories');

CREATE OR REPLACE FUNCTION memory_store.job_end(p_run_id bigint, p_rows_affected bigint, p_detail text DEFAULT NULL,
                                     p_error_sqlstate text DEFAULT NULL, p_error_message text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.require('run_id', p_run_id);
    UPDATE memory_store.job_runs
       SET finished_at = clock_timestamp(),
           status = CASE WHEN p_error_sqlstate IS NULL THEN 'succeeded' ELSE 'failed' END,
           rows_affected = coalesce(p_rows_affected, 0),
           detail = CASE WHEN p_error_sqlstate IS NULL THEN p_detail
                         ELSE concat_ws('; ', p_detail, p_error_sqlstate || ': ' || p_error_message) END
     WHERE run_id = p_run_id AND status = 'running';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no running job run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.job_end(p_run_id bigint, p_rows_affected bigint, p_detail text, p_error_sqlstate text, p_error_message text) IS 'Ends a run started by job_begin: succeeded (or failed when p_error_sqlstate is given) with rows affected and detail. Errors: 22004, 22023 no such running run.
Example: SELECT memory_store.job_end(42, 1000, ''deleted 1000 memories'');';
