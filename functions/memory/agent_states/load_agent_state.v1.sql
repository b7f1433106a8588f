-- memory.load_agent_state(p_agent_id text, p_session_id text DEFAULT
--     NULL::text) RETURNS memory.agent_state
--
-- An agent's state for a session (p_session_id NULL: its global state), or
-- NULL (every column NULL) when there is none or it has expired: no state
-- is an answer, not an error.
--
-- Errors:
--   22004 missing agent_id, 22023 malformed id, MO002 no such session.
-- Example:
--   SELECT state_data FROM memory.load_agent_state('planner', 's-1');

CREATE OR REPLACE FUNCTION memory.load_agent_state(p_agent_id text, p_session_id text DEFAULT NULL)
RETURNS memory.agent_state
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('agent_id', p_agent_id, 'session_id', p_session_id);
    v_result  memory.agent_state;
BEGIN
    v_result := memory_store.load_agent_state_impl(p_agent_id, p_session_id);
    PERFORM memory_store.audit('read', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.load_agent_state(p_agent_id text, p_session_id text) IS 'An agent''s state for a session (p_session_id NULL: its global state), or NULL (every column NULL) when there is none or it has expired: no state is an answer, not an error. Errors: 22004 missing agent_id, 22023 malformed id, MO002 no such session.
Example: SELECT state_data FROM memory.load_agent_state(''planner'', ''s-1'');';
