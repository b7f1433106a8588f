-- Revert memory-orchestrator:api_agent_states from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action IN ('save_state', 'load_state', 'clear_state');

DROP FUNCTION memory_store.dispatch_clear_state(jsonb, text);
DROP FUNCTION memory_store.dispatch_load_state(jsonb, text);
DROP FUNCTION memory_store.dispatch_save_state(jsonb, text);
DROP FUNCTION memory_store.dispatch_state_target(jsonb, text);
DROP FUNCTION memory.clear_agent_state(text, text);
DROP FUNCTION memory.load_agent_state(text, text);
DROP FUNCTION memory.save_agent_state(text, jsonb, text, integer);
DROP FUNCTION memory_store.clear_agent_state_impl(text, text);
DROP FUNCTION memory_store.load_agent_state_impl(text, text);
DROP FUNCTION memory_store.save_agent_state_impl(text, jsonb, text, integer);
DROP FUNCTION memory_store.agent_state_session(text);
DROP TYPE memory.agent_state;

COMMIT;
