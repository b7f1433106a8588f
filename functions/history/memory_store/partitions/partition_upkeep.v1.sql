-- memory_store.partition_upkeep()
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
--
-- Errors:
--   v_state %
--   through the functions it calls: 22023, 39004
-- Example:
--   CALL memory_store.partition_upkeep();

CREATE OR REPLACE PROCEDURE memory_store.partition_upkeep()
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_ahead     integer := memory_store.lifecycle_int('partition_months_ahead');
    v_cutoff    timestamptz := now() - memory_store.lifecycle_interval('access_log_retention');
    v_batch     integer := memory_store.lifecycle_int('purge_batch_size');
    v_budget    integer := memory_store.lifecycle_int('purge_max_batches');
    v_run       bigint;
    v_created   integer := 0;
    v_dropped   integer := 0;
    v_deleted   bigint := 0::bigint;
    v_rows      bigint;
    v_batches   integer := 0;
    v_partition text;
    v_state     text;
    v_message   text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('partition_upkeep');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    BEGIN
        v_created := memory_store.partitions_ahead(v_ahead);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;
    COMMIT;
    WHILE v_state IS NULL LOOP
        BEGIN
            v_rows := memory_store.purge_old_default_logs(v_cutoff, v_batch);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        v_deleted := v_deleted + v_rows;
        v_batches := v_batches + 1;
        EXIT WHEN v_rows = 0 OR v_batches >= v_budget;
    END LOOP;
    WHILE v_state IS NULL LOOP
        BEGIN
            v_partition := memory_store.drop_old_log_partition(v_cutoff);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        EXIT WHEN v_partition IS NULL;
        v_dropped := v_dropped + 1;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_created + v_dropped + v_deleted,
                                 format('created %s partitions, dropped %s access-log partitions older than %s, moved %s old default-partition log rows into their month to be dropped',
                                        v_created, v_dropped, v_cutoff, v_deleted),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.partition_upkeep() IS 'Lifecycle job: creates monthly partitions partition_months_ahead ahead for memory_entries and memory_access_logs, detaches and drops access-log partitions older than access_log_retention (one per transaction), first moves older rows of the access log''s default partition into their own month partitions (the log is append-only: rows leave only with their partition). Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block.
Example: CALL memory_store.partition_upkeep();';
