-- The frame of the lifecycle jobs: run log and no-overlap lock (job_begin /
-- job_end), job status, scheduling with pg_cron, pruning the run history.

-- The pg_cron job name of a lifecycle job for one database: names are unique
-- per pg_cron user, and one pg_cron database may schedule jobs for several.
CREATE FUNCTION memory_store.cron_job_name(p_database text, p_job_name text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT 'mo:' || p_database || ':' || p_job_name
$fn$;

COMMENT ON FUNCTION memory_store.cron_job_name(text, text) IS
$$The pg_cron job name under which a lifecycle job of a database is scheduled: mo:<database>:<job>.
Example: SELECT memory_store.cron_job_name(current_database(), 'purge_expired');$$;

-- Start of a job run. Jobs never overlap: a session-level advisory lock per
-- job (pg_try_advisory_lock(5270501, hashtext(job))) is taken here and held
-- across the procedure's COMMITs until job_end. When another run holds it,
-- a 'skipped' row is written and NULL returned: the caller stops at once.
CREATE FUNCTION memory_store.job_begin(p_job_name text)
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

COMMENT ON FUNCTION memory_store.job_begin(text) IS
$$Starts a run of a lifecycle job: takes the job's session advisory lock and logs a running row in memory_store.job_runs; returns its run_id, or NULL (and logs 'skipped') when another run holds the lock. Errors: 22004, 22023 unknown job.
Example: SELECT memory_store.job_begin('purge_expired');$$;

-- End of a job run: outcome, rows affected, detail; releases the lock.
CREATE FUNCTION memory_store.job_end(p_run_id bigint, p_rows_affected bigint, p_detail text DEFAULT NULL,
                                     p_error_sqlstate text DEFAULT NULL, p_error_message text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job text;
BEGIN
    PERFORM memory_store.require('run_id', p_run_id);
    UPDATE memory_store.job_runs
       SET finished_at = clock_timestamp(),
           status = CASE WHEN p_error_sqlstate IS NULL THEN 'succeeded' ELSE 'failed' END,
           rows_affected = coalesce(p_rows_affected, 0),
           detail = CASE WHEN p_error_sqlstate IS NULL THEN p_detail
                         ELSE concat_ws('; ', p_detail, p_error_sqlstate || ': ' || p_error_message) END
     WHERE run_id = p_run_id AND status = 'running'
    RETURNING job_name INTO v_job;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no running job run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_unlock(5270501, hashtext(v_job));
END
$fn$;

COMMENT ON FUNCTION memory_store.job_end(bigint, bigint, text, text, text) IS
$$Ends a run started by job_begin: succeeded (or failed when p_error_sqlstate is given) with rows affected and detail, and releases the job's lock. Errors: 22004, 22023 no such running run.
Example: SELECT memory_store.job_end(42, 1000, 'deleted 1000 memories');$$;

-- One row per lifecycle job for the job_status view. SECURITY INVOKER: in the
-- pg_cron database, cron.job and cron.job_run_details show each user only
-- their own jobs, so the caller's identity decides what is readable.
CREATE FUNCTION memory_store.job_status_rows()
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
               CASE WHEN r.status = 'running' AND NOT EXISTS (
                        SELECT 1 FROM pg_locks l
                         WHERE l.locktype = 'advisory' AND l.pid = r.pid AND l.granted AND l.objsubid = 2
                           AND l.classid = 5270501::oid AND l.objid = hashtext(r.job_name)::oid)
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

COMMENT ON FUNCTION memory_store.job_status_rows() IS
$$The rows of the view memory_store.job_status: each lifecycle job with schedule, last run, outcome (cron.job_run_details when readable, else memory_store.job_runs; a running row whose lock is gone shows as failed) and rows affected.
Example: SELECT job_name, last_outcome, last_rows_affected FROM memory_store.job_status;$$;

-- Registers every lifecycle job with pg_cron, idempotently by name
-- (cron.schedule_in_database replaces a job of the same name and user).
-- SECURITY INVOKER: the jobs run as the user who schedules them, who must be
-- allowed to use pg_cron and to CALL the job procedures (memory_dba).
CREATE FUNCTION memory_store.schedule_jobs()
RETURNS TABLE (job_name text, cron_job_name text, schedule text, cron_job_id bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job record;
BEGIN
    IF to_regprocedure('cron.schedule_in_database(text, text, text, text, text, boolean)') IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed in database %', current_database()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('pg_cron lives in database %s (cron.database_name): run there the statements of '
                                'SELECT * FROM memory_store.schedule_jobs_sql(); here.',
                                coalesce(current_setting('cron.database_name', true), '(pg_cron is not loaded)'));
    END IF;
    FOR v_job IN SELECT j.job_name, j.schedule, j.command FROM memory_store.lifecycle_jobs j ORDER BY 1 LOOP
        job_name := v_job.job_name;
        cron_job_name := memory_store.cron_job_name(current_database(), v_job.job_name);
        schedule := v_job.schedule;
        EXECUTE format('SELECT %I.schedule_in_database($1, $2, $3, $4)', 'cron')
           INTO cron_job_id USING cron_job_name, v_job.schedule, v_job.command, current_database();
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.schedule_jobs() IS
$$Schedules every lifecycle job (memory_store.lifecycle_jobs) with pg_cron in this database, idempotently by name (mo:<database>:<job>). Errors: 55000 when pg_cron is not installed here (then use schedule_jobs_sql() from the pg_cron database).
Example: SELECT * FROM memory_store.schedule_jobs();$$;

-- The statements that schedule this database's jobs from the pg_cron database.
CREATE FUNCTION memory_store.schedule_jobs_sql(p_database text DEFAULT current_database())
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.require('database', p_database);
    IF NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = p_database) THEN
        RAISE EXCEPTION 'no database %', quote_literal(p_database) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT format('SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                      memory_store.cron_job_name(p_database, j.job_name), j.schedule, j.command, p_database)
          FROM memory_store.lifecycle_jobs j
         ORDER BY j.job_name;
END
$fn$;

COMMENT ON FUNCTION memory_store.schedule_jobs_sql(text) IS
$$The SQL that schedules the lifecycle jobs of a database from the pg_cron database (cron.database_name), one cron.schedule_in_database statement per job, idempotent by name. Errors: 22004, 22023 no such database.
Example: SELECT * FROM memory_store.schedule_jobs_sql();  -- then run the rows in the pg_cron database, e.g. psql -d memory$$;

-- Deletes finished job_runs rows older than p_older_than.
CREATE FUNCTION memory_store.prune_job_runs(p_older_than interval)
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

COMMENT ON FUNCTION memory_store.prune_job_runs(interval) IS
$$Deletes finished memory_store.job_runs rows started more than p_older_than ago; returns how many. Errors: 22004, 22023 negative.
Example: SELECT memory_store.prune_job_runs(interval '14 days');$$;

-- Job entry point: prunes memory_store.job_runs and, in the pg_cron
-- database, cron.job_run_details (the rows the caller may delete: pg_cron's
-- row policy limits a non-superuser to their own jobs). Invoker, no SET
-- clause: see the deploy script (transaction control).
CREATE PROCEDURE memory_store.prune_job_history()
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_keep    interval := memory_store.lifecycle_interval('job_history_retention');
    v_run     bigint;
    v_runs    bigint := 0::bigint;
    v_details bigint := 0::bigint;
    v_state   text;
    v_message text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('prune_job_history');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    BEGIN
        v_runs := memory_store.prune_job_runs(v_keep);
        IF to_regclass('cron.job_run_details') IS NOT NULL THEN
            EXECUTE format('DELETE FROM %I.job_run_details WHERE coalesce(end_time, start_time) < now() - $1', 'cron')
              USING v_keep;
            GET DIAGNOSTICS v_details = ROW_COUNT;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;
    PERFORM memory_store.job_end(v_run, v_runs + v_details,
                                 format('deleted %s job_runs rows, %s cron.job_run_details rows', v_runs, v_details),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.prune_job_history() IS
$$Lifecycle job: deletes memory_store.job_runs rows and cron.job_run_details rows (where this database has pg_cron) older than the setting job_history_retention. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block.
Example: CALL memory_store.prune_job_history();$$;
