-- memory_store.prune_change_feed(IN p_batch_size integer DEFAULT
--     NULL::integer)
--
-- Job entry point: deletes change-feed rows (memory_store.memory_changes)
-- older than the setting change_feed_retention, oldest first, in batches of
-- prune_memory_changes_batch (p_batch_size, else purge_batch_size), at most
-- purge_max_batches per run. Invoker, no SET clause (transaction control);
-- run_batch_job is the frame of every one-step batch job.
--
-- Errors:
--   2D000 inside a transaction block; 22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.prune_change_feed();

CREATE OR REPLACE PROCEDURE memory_store.prune_change_feed(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch integer := memory_store.purge_batch_size(p_batch_size);
    v_keep  interval := memory_store.lifecycle_interval('change_feed_retention');
BEGIN
    -- %% keeps a %s for run_batch_job: rows, batches, batch size.
    CALL memory_store.run_batch_job('prune_change_feed',
                                    format('SELECT memory_store.prune_memory_changes_batch($1, %L::interval)', v_keep),
                                    v_batch, memory_store.lifecycle_int('purge_max_batches'),
                                    format('deleted %%s change-feed rows older than %s, %%s batches of %%s', v_keep));
END
$pr$;

COMMENT ON PROCEDURE memory_store.prune_change_feed(IN p_batch_size integer) IS 'Lifecycle job: deletes change-feed rows (memory_store.memory_changes) older than the setting change_feed_retention, oldest first, in batches (p_batch_size, else purge_batch_size), COMMIT after each, at most purge_max_batches per run; a cursor before what is kept becomes stale. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.prune_change_feed();';
