-- Revert memory-orchestrator:api_profiles from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions
 WHERE action IN ('upsert_profile', 'set_preference', 'remove_preference', 'get_profile');

DROP FUNCTION memory_store.dispatch_get_profile(jsonb, text);
DROP FUNCTION memory_store.dispatch_remove_preference(jsonb, text);
DROP FUNCTION memory_store.dispatch_set_preference(jsonb, text);
DROP FUNCTION memory_store.dispatch_upsert_profile(jsonb, text);
DROP FUNCTION memory_store.profile_json(memory.user_profile);
DROP FUNCTION memory.get_user_profile(text);
DROP FUNCTION memory.remove_preference(text, text);
DROP FUNCTION memory.set_preference(text, text, jsonb);
DROP FUNCTION memory.upsert_user_profile(text, jsonb, jsonb, boolean);
DROP FUNCTION memory_store.get_user_profile_impl(text);
DROP FUNCTION memory_store.remove_preference_impl(text, text);
DROP FUNCTION memory_store.set_preference_impl(text, text, jsonb);
DROP FUNCTION memory_store.upsert_user_profile_impl(text, jsonb, jsonb, boolean);
DROP FUNCTION memory_store.check_profile_object(text, jsonb);
DROP TYPE memory.user_profile;

COMMIT;
