-- memory_store.prune_job_history()
--
-- Job entry point: prunes memory_store.job_runs and, in the pg_cron
-- database, cron.job_run_details (the rows the caller may delete: pg_cron's
-- row policy limits a non-superuser to their own jobs). Invoker, no SET
-- clause: see the deploy script (transaction control).
--
-- Errors:
--   v_state %
--   through the functions it calls: 22023, 39004
-- Example:
--   CALL memory_store.prune_job_history();

CREATE OR REPLACE PROCEDURE memory_store.prune_job_history()
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

COMMENT ON PROCEDURE memory_store.prune_job_history() IS 'Lifecycle job: deletes memory_store.job_runs rows and cron.job_run_details rows (where this database has pg_cron) older than the setting job_history_retention. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block.
Example: CALL memory_store.prune_job_history();';
