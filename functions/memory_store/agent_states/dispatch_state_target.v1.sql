-- memory_store.dispatch_state_target(p_payload jsonb, p_session_id text,
--     OUT agent_id text, OUT session_id text) RETURNS record
--
-- The target of an agent-state action of memory.dispatch: the session is
-- payload.session_id, else the envelope's session_id (NULL: the agent's
-- global state); the agent is payload.agent_id, else the calling agent
-- (memory_store.current_agent_id()).
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.dispatch_state_target(p_payload, p_session_id)
--   (as memory_store.dispatch_clear_state calls it)

CREATE OR REPLACE FUNCTION memory_store.dispatch_state_target(p_payload jsonb, p_session_id text,
                                                   OUT agent_id text, OUT session_id text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    agent_id := coalesce(memory_store.payload_text(p_payload, 'agent_id'), memory_store.current_agent_id());
    session_id := coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id);
END
$fn$;
