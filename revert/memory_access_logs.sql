-- Revert memory-orchestrator:memory_access_logs from pg
BEGIN;

DROP TABLE memory_store.memory_access_logs;

COMMIT;
