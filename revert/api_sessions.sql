-- Revert memory-orchestrator:api_sessions from pg
BEGIN;

DELETE FROM memory_store.dispatch_actions
 WHERE action IN ('create_session', 'end_session', 'touch_session', 'get_session');

DROP FUNCTION memory.get_session(text);
DROP FUNCTION memory.touch_session(text);
DROP FUNCTION memory.end_session(text, text, boolean);
DROP FUNCTION memory.start_session(text, text, text, jsonb);
DROP FUNCTION memory_store.dispatch_get_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_touch_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_end_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_create_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_session_id(jsonb, text, boolean);
DROP FUNCTION memory_store.get_session_impl(text);
DROP FUNCTION memory_store.touch_session_impl(text);
DROP FUNCTION memory_store.end_session_impl(text, text, boolean);
DROP FUNCTION memory_store.start_session_impl(text, text, text, jsonb);
DROP FUNCTION memory_store.session_record_of(memory_store.sessions);
DROP TYPE memory.session_record;

COMMIT;
