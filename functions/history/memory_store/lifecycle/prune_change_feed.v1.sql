-- memory_store.prune_change_feed(IN p_batch_size integer DEFAULT
--     NULL::integer)
--
-- Job entry point: deletes change-feed rows (memory_store.memory_changes)
-- older than the setting change_feed_retention, oldest first, in batches of
-- prune_memory_changes_batch (p_batch_size, else purge_batch_size), at most
-- purge_max_batches per run. Invoker, no SET clause (transaction control);
-- job_start, run_batches and job_finish are the frame every job shares.
--
-- Errors:
--   2D000 inside a transaction block; 22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.prune_change_feed();

CREATE OR REPLACE PROCEDURE memory_store.prune_change_feed(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch   integer := memory_store.purge_batch_size(p_batch_size);
    v_keep    interval := memory_store.lifecycle_interval('change_feed_retention');
    v_run     bigint;
    v_total   bigint := 0::bigint;
    v_batches integer := 0;
    v_state   text;
    v_message text;
BEGIN
    CALL memory_store.job_start('prune_change_feed', v_run);
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    CALL memory_store.run_batches(format('SELECT memory_store.prune_memory_changes_batch($1, %L::interval)', v_keep),
                                  v_batch, memory_store.lifecycle_int('purge_max_batches'),
                                  v_total, v_batches, v_state, v_message);
    CALL memory_store.job_finish(v_run, v_total,
                                 format('deleted %s change-feed rows older than %s, %s batches of %s',
                                        v_total, v_keep, v_batches, v_batch),
                                 v_state, v_message);
END
$pr$;

COMMENT ON PROCEDURE memory_store.prune_change_feed(IN p_batch_size integer) IS 'Lifecycle job: deletes change-feed rows (memory_store.memory_changes) older than the setting change_feed_retention, oldest first, in batches (p_batch_size, else purge_batch_size), COMMIT after each, at most purge_max_batches per run; a cursor before what is kept becomes stale. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.prune_change_feed();';
