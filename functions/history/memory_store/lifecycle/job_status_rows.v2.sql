-- memory_store.job_status_rows() RETURNS TABLE(job_name text, schedule
--     text, scheduled_in_cron boolean, command text, last_started_at
--     timestamp with time zone, last_finished_at timestamp with time zone,
--     last_outcome text, last_rows_affected bigint, last_detail text,
--     outcome_source text, description text)
--
-- One row per lifecycle job for the job_status view. SECURITY INVOKER: in the
-- pg_cron database, cron.job and cron.job_run_details show each user only
-- their own jobs, so the caller's identity decides what is readable.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT job_name, last_outcome, last_rows_affected FROM memory_store.job_status;

CREATE OR REPLACE FUNCTION memory_store.job_status_rows()
RETURNS TABLE (job_name text, schedule text, scheduled_in_cron boolean, command text,
               last_started_at timestamptz, last_finished_at timestamptz, last_outcome text,
               last_rows_affected bigint, last_detail text, outcome_source text, description text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job       record;
    v_run       record;
    v_cron_schedule text;
    v_cron_status   text;
    v_cron_start    timestamptz;
    v_cron_end      timestamptz;
    v_cron_message  text;
    v_has_cron  boolean := to_regclass('cron.job_run_details') IS NOT NULL
                           AND has_table_privilege('cron.job_run_details', 'SELECT')
                           AND has_table_privilege('cron.job', 'SELECT');
BEGIN
    FOR v_job IN SELECT j.job_name, j.schedule, j.command, j.description FROM memory_store.lifecycle_jobs j ORDER BY 1 LOOP
        SELECT r.started_at, r.finished_at, r.rows_affected, r.detail,
               CASE WHEN r.status = 'running' AND NOT memory_store.job_run_alive(r.pid, r.login_role, r.started_at)
                    THEN 'failed' ELSE r.status END AS status
          INTO v_run
          FROM memory_store.job_runs r
         WHERE r.job_name = v_job.job_name
         ORDER BY r.started_at DESC, r.run_id DESC
         LIMIT 1;

        job_name := v_job.job_name;
        schedule := v_job.schedule;
        scheduled_in_cron := false;
        command := v_job.command;
        description := v_job.description;
        last_started_at := v_run.started_at;
        last_finished_at := v_run.finished_at;
        last_outcome := v_run.status;
        last_rows_affected := v_run.rows_affected;
        last_detail := v_run.detail;
        outcome_source := CASE WHEN v_run.status IS NOT NULL THEN 'memory_store.job_runs' END;

        IF v_has_cron THEN
            -- cron exists only in the pg_cron database: the statement is built
            -- at run time so that the function compiles everywhere.
            v_cron_schedule := NULL;
            EXECUTE format($sql$
                SELECT c.schedule, d.status, d.start_time, d.end_time, d.return_message
                  FROM %1$I.job c
                  LEFT JOIN LATERAL (SELECT * FROM %1$I.job_run_details d WHERE d.jobid = c.jobid
                                      ORDER BY d.start_time DESC NULLS LAST LIMIT 1) d ON true
                 WHERE c.jobname = $1 AND c.database = current_database()
                 ORDER BY c.jobid DESC LIMIT 1 $sql$, 'cron')
               INTO v_cron_schedule, v_cron_status, v_cron_start, v_cron_end, v_cron_message
              USING memory_store.cron_job_name(current_database(), v_job.job_name);
            IF v_cron_schedule IS NOT NULL THEN
                schedule := v_cron_schedule;
                scheduled_in_cron := true;
                IF v_cron_status IS NOT NULL THEN
                    last_started_at := v_cron_start;
                    last_finished_at := v_cron_end;
                    last_outcome := v_cron_status;
                    last_detail := coalesce(v_run.detail, v_cron_message);
                    outcome_source := 'cron.job_run_details';
                END IF;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.job_status_rows() IS 'The rows of the view memory_store.job_status: each lifecycle job with schedule, last run, outcome (cron.job_run_details when readable, else memory_store.job_runs; a running row whose backend has ended shows as failed) and rows affected.
Example: SELECT job_name, last_outcome, last_rows_affected FROM memory_store.job_status;';
