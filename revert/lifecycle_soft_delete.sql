-- Revert memory-orchestrator:lifecycle_soft_delete from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action = 'restore';
DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'purge_soft_deleted';
DROP FUNCTION memory_store.dispatch_restore(jsonb, text);
DROP FUNCTION memory.restore_memory(text);
DROP PROCEDURE memory_store.purge_soft_deleted(integer);
DROP FUNCTION memory_store.purge_soft_deleted_batch(integer, interval);
DROP FUNCTION memory_store.restore_memory_impl(text);

COMMIT;
