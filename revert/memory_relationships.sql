-- Revert memory-orchestrator:memory_relationships from pg
BEGIN;

DROP TABLE memory_store.memory_relationships;

COMMIT;
