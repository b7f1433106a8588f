-- memory_store.archive_sessions(IN p_batch_size integer DEFAULT
--     NULL::integer)
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
-- Three steps, each in batches with a COMMIT after every batch and at most
-- archive_max_batches batches: mark due sessions, move the memories of
-- archived sessions, purge expired archived memories.
--
-- Errors:
--   22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.archive_sessions();

CREATE OR REPLACE PROCEDURE memory_store.archive_sessions(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch    integer := memory_store.archive_batch_size(p_batch_size);
    v_budget   integer := memory_store.lifecycle_int('archive_max_batches');
    v_ended    interval := memory_store.lifecycle_interval('archive_after_ended');
    v_idle     interval := memory_store.lifecycle_interval('archive_after_idle');
    v_run      bigint;
    v_counts   bigint[] := ARRAY[0, 0, 0]::bigint[];
    v_rows     bigint;
    v_batches  integer;
    v_step     integer;
    v_state    text;
    v_message  text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('archive_sessions');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    FOR step IN 1 .. 3 LOOP
        v_step := step;
        v_batches := 0;
        LOOP
            BEGIN
                v_rows := CASE v_step
                              WHEN 1 THEN memory_store.archive_mark_sessions_batch(v_batch, v_ended, v_idle)
                              WHEN 2 THEN memory_store.archive_sessions_batch(v_batch)
                              ELSE memory_store.purge_expired_archive_batch(v_batch) END;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
                EXIT;
            END;
            COMMIT;
            v_counts[v_step] := v_counts[v_step] + v_rows;
            v_batches := v_batches + 1;
            EXIT WHEN v_rows < v_batch OR v_batches >= v_budget;
        END LOOP;
        EXIT WHEN v_state IS NOT NULL;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_counts[1] + v_counts[2] + v_counts[3],
                                 format('marked %s sessions archived (ended before now() - %s, idle since now() - %s), '
                                        'moved %s memories to memory_archive, deleted %s expired archived memories; batches of %s',
                                        v_counts[1], coalesce(v_ended::text, 'off'), coalesce(v_idle::text, 'off'),
                                        v_counts[2], v_counts[3], v_batch),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.archive_sessions(IN p_batch_size integer) IS 'Lifecycle job: marks sessions is_archived that ended longer ago than archive_after_ended (with no activity since) or were idle longer than archive_after_idle (null = off), moves the active, unexpired memories of archived sessions with their embeddings to memory_archive, and deletes archived memories whose TTL is over; in batches (p_batch_size, else archive_batch_size), COMMIT after each, at most archive_max_batches per step. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.archive_sessions();';
