-- Revert memory-orchestrator:lifecycle_ttl from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'purge_expired';
DROP PROCEDURE memory_store.purge_expired(integer);
DROP FUNCTION memory_store.purge_expired_batch(integer);
DROP FUNCTION memory_store.purge_batch_size(integer);

COMMIT;
