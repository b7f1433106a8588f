-- memory_store.purge_soft_deleted(IN p_batch_size integer DEFAULT
--     NULL::integer)
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT; every call below is qualified. run_batch_job is the frame of
-- every one-step batch job (log, batch loop, outcome).
--
-- Errors:
--   2D000 inside a transaction block; 22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.purge_soft_deleted();

CREATE OR REPLACE PROCEDURE memory_store.purge_soft_deleted(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch integer := memory_store.purge_batch_size(p_batch_size);
    v_grace interval := memory_store.lifecycle_interval('soft_delete_grace');
BEGIN
    -- %% keeps a %s for run_batch_job: rows, batches, batch size.
    CALL memory_store.run_batch_job('purge_soft_deleted',
                                    format('SELECT memory_store.purge_soft_deleted_batch($1, %L::interval)', v_grace),
                                    v_batch, memory_store.lifecycle_int('purge_max_batches'),
                                    format('deleted %%s memories soft-deleted before now() - %s, %%s batches of %%s', v_grace));
END
$pr$;

COMMENT ON PROCEDURE memory_store.purge_soft_deleted(IN p_batch_size integer) IS 'Lifecycle job: deletes memories soft-deleted longer ago than the setting soft_delete_grace (by updated_at), in batches (p_batch_size, else purge_batch_size), COMMIT after each, at most purge_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.purge_soft_deleted();';
