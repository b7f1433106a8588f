-- Revert memory-orchestrator:api_triggers from pg
BEGIN;

DROP TRIGGER memory_entries_notify_delete ON memory_store.memory_entries;
DROP TRIGGER memory_entries_notify_update ON memory_store.memory_entries;
DROP TRIGGER memory_entries_notify_insert ON memory_store.memory_entries;
DROP TRIGGER memory_entries_touch_session_update ON memory_store.memory_entries;
DROP TRIGGER memory_entries_touch_session_insert ON memory_store.memory_entries;
DROP TRIGGER agent_states_set_updated_at ON memory_store.agent_states;
DROP TRIGGER user_profiles_set_updated_at ON memory_store.user_profiles;
DROP TRIGGER memory_entries_set_updated_at ON memory_store.memory_entries;
DROP TRIGGER sessions_set_updated_at ON memory_store.sessions;
DROP FUNCTION memory_store.notify_memory_changes();
DROP FUNCTION memory_store.touch_sessions_of_new_rows();
DROP FUNCTION memory_store.set_updated_at();

COMMIT;
