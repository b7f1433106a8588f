-- Deploy memory-orchestrator:api_sessions to pg
-- requires: api_dispatch
-- Sessions in the agent API: memory.start_session / end_session /
-- touch_session / get_session, and the dispatch actions create_session,
-- end_session, touch_session, get_session.
BEGIN;

SET LOCAL ROLE memory_owner;

-- A session as the API returns it: the sessions row.
CREATE TYPE memory.session_record AS (
    session_id   varchar(64),
    user_id      varchar(64),
    session_type varchar(32),
    created_at   timestamptz,
    updated_at   timestamptz,
    ended_at     timestamptz,
    metadata     jsonb,
    summary      text,
    is_archived  boolean
);
COMMENT ON TYPE memory.session_record IS
'A session as the API returns it: the memory_store.sessions row (ended_at NULL while the session is active)';

\ir ../functions/history/memory_store/sessions_impl.v1.sql
\ir ../functions/history/memory/sessions.v1.sql

GRANT EXECUTE ON FUNCTION
    memory.start_session(text, text, text, jsonb),
    memory.end_session(text, text, boolean),
    memory.touch_session(text),
    memory.get_session(text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('create_session', 'memory_store.dispatch_create_session(jsonb, text)', 'create',
     'Start a session: payload.user_id, payload.session_metadata (may carry session_type); id from the envelope or generated'),
    ('end_session', 'memory_store.dispatch_end_session(jsonb, text)', 'update',
     'End a session: payload.summary, payload.archive'),
    ('touch_session', 'memory_store.dispatch_touch_session(jsonb, text)', 'update',
     'Move a session''s updated_at to now'),
    ('get_session', 'memory_store.dispatch_get_session(jsonb, text)', 'read',
     'Read a session');

COMMIT;
