-- Revert memory-orchestrator:memory_tags from pg
BEGIN;

DROP TABLE memory_store.memory_tags;

COMMIT;
