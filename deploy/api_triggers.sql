-- Deploy memory-orchestrator:api_triggers to pg
-- requires: api_support
-- updated_at maintenance on every table that has it, the session touch when a
-- memory is written, and NOTIFY memory_changes for the assistant's other
-- memory services (LISTEN memory_changes).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/api_triggers.v1.sql

CREATE TRIGGER sessions_set_updated_at BEFORE UPDATE ON memory_store.sessions
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_updated_at();
CREATE TRIGGER memory_entries_set_updated_at BEFORE UPDATE ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_updated_at();
CREATE TRIGGER user_profiles_set_updated_at BEFORE UPDATE ON memory_store.user_profiles
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_updated_at();
CREATE TRIGGER agent_states_set_updated_at BEFORE UPDATE ON memory_store.agent_states
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_updated_at();

CREATE TRIGGER memory_entries_touch_session_insert AFTER INSERT ON memory_store.memory_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.touch_sessions_of_new_rows();
CREATE TRIGGER memory_entries_touch_session_update AFTER UPDATE ON memory_store.memory_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.touch_sessions_of_new_rows();

CREATE TRIGGER memory_entries_notify_insert AFTER INSERT ON memory_store.memory_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes();
CREATE TRIGGER memory_entries_notify_update AFTER UPDATE ON memory_store.memory_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes();
CREATE TRIGGER memory_entries_notify_delete AFTER DELETE ON memory_store.memory_entries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes();

COMMIT;
