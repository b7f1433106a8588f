-- Revert memory-orchestrator:partition_maintenance from pg
BEGIN;

DROP FUNCTION memory_store.ensure_monthly_partitions(regclass, date, integer);
DROP FUNCTION memory_store.create_monthly_partition(regclass, date);

COMMIT;
