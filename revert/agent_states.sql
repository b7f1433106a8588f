-- Revert memory-orchestrator:agent_states from pg
BEGIN;

DROP TRIGGER sessions_merge_agent_states ON memory_store.sessions;
DROP FUNCTION memory_store.sessions_merge_agent_states();
DROP TABLE memory_store.agent_states;

COMMIT;
