-- Revert memory-orchestrator:user_profiles from pg
BEGIN;

DROP TABLE memory_store.user_profiles;

COMMIT;
