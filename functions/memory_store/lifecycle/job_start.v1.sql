-- memory_store.job_start(IN p_job_name text, INOUT p_run_id bigint DEFAULT
--     NULL::bigint)
--
-- The opening of every lifecycle job procedure: commits what the caller's
-- transaction holds (so a call inside a transaction block fails at once with
-- 2D000, before anything is logged), logs the run with job_begin and commits
-- that row, so that job_status shows the run while it works. p_run_id is
-- NULL when another live run of the job is in progress (a 'skipped' row is
-- logged); the caller then returns.
--
-- Errors:
--   2D000 called inside a transaction block; 22004, 22023 unknown job.
-- Example:
--   CALL memory_store.job_start('purge_expired', v_run);  -- in a job procedure

CREATE OR REPLACE PROCEDURE memory_store.job_start(p_job_name text, INOUT p_run_id bigint DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
BEGIN
    COMMIT;
    p_run_id := memory_store.job_begin(p_job_name);
    COMMIT;
END
$pr$;

COMMENT ON PROCEDURE memory_store.job_start(IN p_job_name text, INOUT p_run_id bigint) IS 'Opens a lifecycle job run (for the job procedures): commits, logs the run with job_begin, commits; p_run_id NULL when another live run of the job is in progress (logged skipped). Errors: 2D000 inside a transaction block; 22004, 22023 unknown job.
Example: CALL memory_store.job_start(''purge_expired'', v_run);';
