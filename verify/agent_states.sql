-- Verify memory-orchestrator:agent_states on pg
BEGIN;

SELECT state_id, agent_id, session_id, state_data, created_at, updated_at, expires_at
  FROM memory_store.agent_states
 WHERE false;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_index i ON i.indexrelid = c.conindid
                    WHERE c.conrelid = 'memory_store.agent_states'::regclass
                      AND c.conname = 'unique_agent_session' AND i.indnullsnotdistinct) THEN
        RAISE EXCEPTION 'agent_states.unique_agent_session must be UNIQUE NULLS NOT DISTINCT';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                    WHERE tgrelid = 'memory_store.sessions'::regclass AND tgname = 'sessions_merge_agent_states') THEN
        RAISE EXCEPTION 'trigger sessions_merge_agent_states is missing';
    END IF;
END
$$;

ROLLBACK;
