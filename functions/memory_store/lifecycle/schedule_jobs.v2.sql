-- memory_store.schedule_jobs() RETURNS TABLE(job_name text, cron_job_name
--     text, schedule text, cron_job_id bigint)
--
-- Registers every lifecycle job with pg_cron, idempotently by name
-- (cron.schedule_in_database replaces a job of the same name and user), and
-- returns each with its pg_cron job id. The deploy calls it (change
-- lifecycle_schedule) in the pg_cron database. SECURITY INVOKER: the jobs
-- run as the user who schedules them, who must be allowed to use pg_cron and
-- to CALL the job procedures (the deploying role, or memory_dba).
--
-- Errors:
--   55000 pg_cron is not installed in database % (the HINT says what to run
--   in the pg_cron database instead: schedule_jobs_sql())
-- Example:
--   SELECT * FROM memory_store.schedule_jobs();

CREATE OR REPLACE FUNCTION memory_store.schedule_jobs()
RETURNS TABLE (job_name text, cron_job_name text, schedule text, cron_job_id bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job record;
    v_id  bigint;
BEGIN
    IF to_regprocedure('cron.schedule_in_database(text, text, text, text, text, boolean)') IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed in database %', current_database()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('pg_cron lives in database %s (cron.database_name): run there the statements of '
                                'SELECT * FROM memory_store.schedule_jobs_sql(); here.',
                                coalesce(memory_store.cron_database_name(), '(pg_cron is not loaded)'));
    END IF;
    FOR v_job IN SELECT j.job_name, j.schedule, j.command FROM memory_store.lifecycle_jobs j ORDER BY 1 LOOP
        -- cron exists only in the pg_cron database: the call is built at run
        -- time so that the function compiles everywhere.
        EXECUTE format('SELECT %I.schedule_in_database($1, $2, $3, $4)', 'cron')
           INTO v_id
          USING memory_store.cron_job_name(current_database(), v_job.job_name), v_job.schedule, v_job.command,
                current_database();
        job_name := v_job.job_name;
        cron_job_name := memory_store.cron_job_name(current_database(), v_job.job_name);
        schedule := v_job.schedule;
        cron_job_id := v_id;
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.schedule_jobs() IS 'Schedules every lifecycle job (memory_store.lifecycle_jobs) with pg_cron in this database, idempotently by name (mo:<database>:<job>); the deploy calls it in the pg_cron database. Errors: 55000 when pg_cron is not installed here (then use schedule_jobs_sql() from the pg_cron database).
Example: SELECT * FROM memory_store.schedule_jobs();';
