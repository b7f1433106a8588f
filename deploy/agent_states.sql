-- Deploy memory-orchestrator:agent_states to pg
-- requires: sessions
-- Seed table 6. UNIQUE (agent_id, session_id) is NULLS NOT DISTINCT
-- (PostgreSQL 15+): one state per agent and session, and exactly one global
-- state (session_id NULL) per agent. A trigger on sessions keeps that true
-- when a deleted session's states fall back to NULL.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.agent_states (
    state_id   serial NOT NULL,
    agent_id   varchar(64) NOT NULL,
    session_id varchar(64),
    state_data jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamptz,
    CONSTRAINT agent_states_pkey PRIMARY KEY (state_id),
    CONSTRAINT agent_states_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES memory_store.sessions (session_id) ON DELETE SET NULL,
    CONSTRAINT unique_agent_session UNIQUE NULLS NOT DISTINCT (agent_id, session_id)
);

COMMENT ON TABLE memory_store.agent_states IS
    'Persistent agent state (seed table 6): one row per agent and session, one global row (session_id NULL) per agent';

\ir ../functions/history/memory_store/sessions_merge_agent_states.v1.sql

CREATE TRIGGER sessions_merge_agent_states
    BEFORE DELETE ON memory_store.sessions
    FOR EACH ROW EXECUTE FUNCTION memory_store.sessions_merge_agent_states();

COMMIT;
