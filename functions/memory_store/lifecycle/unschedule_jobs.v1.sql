-- memory_store.unschedule_jobs() RETURNS TABLE(job_name text, cron_job_name
--     text, unscheduled boolean)
--
-- Removes this database's lifecycle jobs from pg_cron: each job scheduled
-- by the current user under its name (mo:<database>:<job>). unscheduled is
-- false for a job that was not scheduled (or is another user's, which only
-- that user or a superuser may remove). The revert of lifecycle_schedule
-- calls it. The run log (memory_store.job_runs) stays.
--
-- Errors:
--   55000 pg_cron is not installed in database %
-- Example:
--   SELECT * FROM memory_store.unschedule_jobs();

CREATE OR REPLACE FUNCTION memory_store.unschedule_jobs()
RETURNS TABLE (job_name text, cron_job_name text, unscheduled boolean)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job   record;
    v_found boolean;
BEGIN
    IF to_regclass('cron.job') IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed in database %', current_database()
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    FOR v_job IN SELECT j.job_name FROM memory_store.lifecycle_jobs j ORDER BY 1 LOOP
        job_name := v_job.job_name;
        cron_job_name := memory_store.cron_job_name(current_database(), v_job.job_name);
        -- cron exists only in the pg_cron database: built at run time.
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.job c WHERE c.jobname = $1 AND c.username = current_user)',
                       'cron')
           INTO v_found
          USING cron_job_name;
        IF v_found THEN
            EXECUTE format('SELECT %I.unschedule($1::name)', 'cron') USING cron_job_name;
        END IF;
        unscheduled := v_found;
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.unschedule_jobs() IS 'Removes this database''s lifecycle jobs (mo:<database>:<job>, scheduled by the current user) from pg_cron; unscheduled says which were there. Errors: 55000 pg_cron not installed here.
Example: SELECT * FROM memory_store.unschedule_jobs();';
