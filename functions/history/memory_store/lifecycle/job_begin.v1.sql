-- memory_store.job_begin(p_job_name text) RETURNS bigint
--
-- Start of a job run. Jobs never overlap: a session-level advisory lock per
-- job (pg_try_advisory_lock(5270501, hashtext(job))) is taken here and held
-- across the procedure's COMMITs until job_end. When another run holds it,
-- a 'skipped' row is written and NULL returned: the caller stops at once.
--
-- Errors:
--   22004, 22023 unknown job.
-- Example:
--   SELECT memory_store.job_begin('purge_expired');

CREATE OR REPLACE FUNCTION memory_store.job_begin(p_job_name text)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_run bigint;
BEGIN
    PERFORM memory_store.require('job_name', p_job_name);
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs j WHERE j.job_name = p_job_name) THEN
        RAISE EXCEPTION 'no lifecycle job %', quote_literal(p_job_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_try_advisory_lock(5270501, hashtext(p_job_name)) THEN
        INSERT INTO memory_store.job_runs (job_name, finished_at, status, rows_affected, detail)
        VALUES (p_job_name, clock_timestamp(), 'skipped', 0, 'another run of this job holds its lock');
        RETURN NULL;
    END IF;
    INSERT INTO memory_store.job_runs (job_name, status) VALUES (p_job_name, 'running') RETURNING run_id INTO v_run;
    RETURN v_run;
END
$fn$;

COMMENT ON FUNCTION memory_store.job_begin(p_job_name text) IS 'Starts a run of a lifecycle job: takes the job''s session advisory lock and logs a running row in memory_store.job_runs; returns its run_id, or NULL (and logs ''skipped'') when another run holds the lock. Errors: 22004, 22023 unknown job.
Example: SELECT memory_store.job_begin(''purge_expired'');';
