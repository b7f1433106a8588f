-- Revert memory-orchestrator:memory_registry from pg
BEGIN;

DROP TABLE memory_store.memory_registry;

COMMIT;
