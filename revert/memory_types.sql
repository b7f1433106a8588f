-- Revert memory-orchestrator:memory_types from pg
BEGIN;

ALTER TABLE memory_store.memory_entries DROP CONSTRAINT memory_entries_memory_type_fkey;
DROP TABLE memory_store.memory_types;

COMMIT;
