-- Revert memory-orchestrator:sessions from pg
BEGIN;

DROP TABLE memory_store.sessions;

COMMIT;
