-- memory_store.purge_expired(IN p_batch_size integer DEFAULT NULL::integer)
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
--
-- Errors:
--   22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.purge_expired();  CALL memory_store.purge_expired(p_batch_size => 10000);

CREATE OR REPLACE PROCEDURE memory_store.purge_expired(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch   integer := memory_store.purge_batch_size(p_batch_size);
    v_budget  integer := memory_store.lifecycle_int('purge_max_batches');
    v_run     bigint;
    v_total   bigint := 0::bigint;
    v_rows    bigint;
    v_batches integer := 0;
    v_state   text;
    v_message text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('purge_expired');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    LOOP
        BEGIN
            v_rows := memory_store.purge_expired_batch(v_batch);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        v_total := v_total + v_rows;
        v_batches := v_batches + 1;
        EXIT WHEN v_rows < v_batch OR v_batches >= v_budget;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_total,
                                 format('deleted %s expired rows in %s batches of %s', v_total, v_batches, v_batch),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.purge_expired(IN p_batch_size integer) IS 'Lifecycle job: deletes expired memories (with their tags, embeddings, relationships) and expired agent states in batches (p_batch_size, else the setting purge_batch_size), COMMIT after each, at most purge_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.purge_expired();  CALL memory_store.purge_expired(p_batch_size => 10000);';
