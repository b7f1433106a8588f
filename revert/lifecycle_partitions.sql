-- Revert memory-orchestrator:lifecycle_partitions from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'partition_upkeep';
DROP PROCEDURE memory_store.partition_upkeep();
DROP FUNCTION memory_store.purge_old_default_logs(timestamptz, integer);
DROP FUNCTION memory_store.drop_old_log_partition(timestamptz);
DROP FUNCTION memory_store.partitions_ahead(integer);

COMMIT;
