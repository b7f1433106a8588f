-- Revert memory-orchestrator:retention_budget from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'enforce_retention';
DROP PROCEDURE memory_store.enforce_retention(text, integer);
DROP FUNCTION memory_store.enforce_retention_batch(text, integer);
DROP FUNCTION memory_store.retention_usage(text);
DROP TABLE memory_store.retention_budgets;
DELETE FROM memory_store.lifecycle_settings
 WHERE name IN ('retention_max_memories', 'retention_max_content_mib', 'retention_protected_priority');

COMMIT;
