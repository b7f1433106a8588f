-- Deploy memory-orchestrator:api_agent_states to pg
-- requires: api_dispatch
-- Agent state in the agent API: memory.save_agent_state,
-- memory.load_agent_state, memory.clear_agent_state and their dispatch actions.
BEGIN;

SET LOCAL ROLE memory_owner;

-- An agent state as the API returns it: the agent_states row.
CREATE TYPE memory.agent_state AS (
    state_id   integer,
    agent_id   varchar(64),
    session_id varchar(64),
    state_data jsonb,
    created_at timestamptz,
    updated_at timestamptz,
    expires_at timestamptz
);
COMMENT ON TYPE memory.agent_state IS
'An agent''s state as the API returns it (the agent_states row); session_id NULL is the agent''s global state';

\ir ../functions/history/memory_store/agent_states_impl.v1.sql
\ir ../functions/history/memory/agent_states.v1.sql
\ir ../functions/history/memory_store/dispatch_agent_states.v1.sql

GRANT USAGE ON TYPE memory.agent_state TO memory_agent;
GRANT EXECUTE ON FUNCTION
    memory.save_agent_state(text, jsonb, text, integer),
    memory.load_agent_state(text, text),
    memory.clear_agent_state(text, text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('save_state', 'memory_store.dispatch_save_state(jsonb, text)', 'update',
     'Save an agent''s state (last writer wins): payload agent_id, session_id, state_data, ttl -> state'),
    ('load_state', 'memory_store.dispatch_load_state(jsonb, text)', 'read',
     'Load an agent''s state: payload agent_id, session_id -> found, state (null when none or expired)'),
    ('clear_state', 'memory_store.dispatch_clear_state(jsonb, text)', 'delete',
     'Clear an agent''s state: payload agent_id, session_id -> cleared');

COMMIT;
