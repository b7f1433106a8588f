-- memory_store.purge_expired(IN p_batch_size integer DEFAULT NULL::integer)
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT; every call below is qualified. run_batch_job is the frame of
-- every one-step batch job (log, batch loop, outcome).
--
-- Errors:
--   2D000 inside a transaction block; 22023 batch size outside 1..100000.
-- Example:
--   CALL memory_store.purge_expired();  CALL memory_store.purge_expired(p_batch_size => 10000);

CREATE OR REPLACE PROCEDURE memory_store.purge_expired(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
BEGIN
    CALL memory_store.run_batch_job('purge_expired', 'SELECT memory_store.purge_expired_batch($1)',
                                    memory_store.purge_batch_size(p_batch_size),
                                    memory_store.lifecycle_int('purge_max_batches'),
                                    'deleted %s expired rows in %s batches of %s');
END
$pr$;

COMMENT ON PROCEDURE memory_store.purge_expired(IN p_batch_size integer) IS 'Lifecycle job: deletes expired memories (with their tags, embeddings, relationships) and expired agent states in batches (p_batch_size, else the setting purge_batch_size), COMMIT after each, at most purge_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.purge_expired();  CALL memory_store.purge_expired(p_batch_size => 10000);';
