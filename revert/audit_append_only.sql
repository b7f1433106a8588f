-- Revert memory-orchestrator:audit_append_only from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_access_logs_no_truncate ON memory_store.memory_access_logs;
DROP TRIGGER memory_access_logs_append_only ON memory_store.memory_access_logs;
DROP FUNCTION memory_store.memory_access_logs_append_only();

COMMIT;
