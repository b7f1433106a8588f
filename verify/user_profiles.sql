-- Verify memory-orchestrator:user_profiles on pg
BEGIN;

SELECT user_id, created_at, updated_at, profile_data, preferences, is_active
  FROM memory_store.user_profiles
 WHERE false;

SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.user_profiles'::regclass AND conname = 'user_profiles_pkey' AND contype = 'p';

ROLLBACK;
