-- Revert memory-orchestrator:memory_entries from pg
BEGIN;

DROP TABLE memory_store.memory_entries;
DROP FUNCTION memory_store.memory_entries_keep_id();
DROP FUNCTION memory_store.memory_entries_release_id();
DROP FUNCTION memory_store.memory_entries_claim_id();

COMMIT;
