-- memory.clear_agent_state(p_agent_id text, p_session_id text DEFAULT
--     NULL::text) RETURNS boolean
--
-- Removes an agent's state for a session (p_session_id NULL: its global
-- state); true when a (visible) state was removed, false when there was
-- none.
--
-- Errors:
--   22004 missing agent_id, 22023 malformed id, MO002 no such session.
-- Example:
--   SELECT memory.clear_agent_state('planner', 's-1');

CREATE OR REPLACE FUNCTION memory.clear_agent_state(p_agent_id text, p_session_id text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('agent_id', p_agent_id, 'session_id', p_session_id);
    v_result  boolean;
BEGIN
    v_result := memory_store.clear_agent_state_impl(p_agent_id, p_session_id);
    PERFORM memory_store.audit('delete', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.clear_agent_state(p_agent_id text, p_session_id text) IS 'Removes an agent''s state for a session (p_session_id NULL: its global state); true when a (visible) state was removed, false when there was none. Errors: 22004 missing agent_id, 22023 malformed id, MO002 no such session.
Example: SELECT memory.clear_agent_state(''planner'', ''s-1'');';
