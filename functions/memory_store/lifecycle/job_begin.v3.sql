-- memory_store.job_begin(p_job_name text) RETURNS bigint
--
-- Start of a job run. Jobs never overlap, and nothing an agent or an
-- unrelated role can hold decides whether a job runs: the job's row of
-- memory_store.lifecycle_jobs (which only the package's roles and the DBA
-- may lock) serialises job_begin, and a run counts as in progress while its
-- running row's backend is alive (job_run_alive: logged on this server
-- since its last start, then pid, database and login role, which only the
-- job's own login can match). Running rows whose backend has ended, or
-- that came from another server or an earlier start of this one, are
-- marked failed here. Each run row records the server's start time by the
-- column's default. When a live run is in progress,
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
    v_run  bigint;
    v_live integer;
BEGIN
    PERFORM memory_store.require('job_name', p_job_name);
    -- Waits only for another job_begin of the same job (a few milliseconds):
    -- agents and PUBLIC have no privilege on lifecycle_jobs to hold this row.
    PERFORM 1 FROM memory_store.lifecycle_jobs j WHERE j.job_name = p_job_name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no lifecycle job %', quote_literal(p_job_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r.pid INTO v_live
      FROM memory_store.job_runs r
     WHERE r.job_name = p_job_name AND r.status = 'running'
       AND memory_store.job_run_alive(r.pid, r.login_role, r.started_at, r.server_started_at)
     LIMIT 1;
    IF FOUND THEN
        INSERT INTO memory_store.job_runs (job_name, finished_at, status, rows_affected, detail, login_role)
        VALUES (p_job_name, clock_timestamp(), 'skipped', 0,
                format('a run of this job is in progress in backend %s', v_live),
                (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = session_user));
        RETURN NULL;
    END IF;
    UPDATE memory_store.job_runs r
       SET status = 'failed', finished_at = clock_timestamp(),
           detail = concat_ws('; ', r.detail, 'its backend ended before the run did')
     WHERE r.job_name = p_job_name AND r.status = 'running';
    INSERT INTO memory_store.job_runs (job_name, status, login_role)
    VALUES (p_job_name, 'running', (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = session_user))
    RETURNING run_id INTO v_run;
    RETURN v_run;
END
$fn$;

COMMENT ON FUNCTION memory_store.job_begin(p_job_name text) IS 'Starts a run of a lifecycle job: under a lock on the job''s lifecycle_jobs row (no agent can hold it), logs a running row in memory_store.job_runs with the login role and returns its run_id; returns NULL (and logs ''skipped'') while a live run of the job is in progress; running rows of ended backends become failed. Errors: 22004, 22023 unknown job.
Example: SELECT memory_store.job_begin(''purge_expired'');';
