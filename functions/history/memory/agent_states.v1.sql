-- The agent API for agent state: memory.save_agent_state,
-- memory.load_agent_state, memory.clear_agent_state. Each call writes one
-- audit row (save: update, load: read, clear: delete) with the session,
-- successful or not.

CREATE FUNCTION memory.save_agent_state(p_agent_id text, p_state_data jsonb, p_session_id text DEFAULT NULL,
                                        p_ttl_seconds integer DEFAULT NULL)
RETURNS memory.agent_state
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('agent_id', p_agent_id, 'session_id', p_session_id,
                                          'state_data', p_state_data, 'ttl_seconds', p_ttl_seconds);
    v_result  memory.agent_state;
BEGIN
    v_result := memory_store.save_agent_state_impl(p_agent_id, p_state_data, p_session_id, p_ttl_seconds);
    PERFORM memory_store.audit('update', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.save_agent_state(text, jsonb, text, integer) IS
$$Saves an agent's state for a session (p_session_id NULL: the agent's one global state): creates it or replaces it as a whole (last writer wins; state_data and expiry replaced, updated_at moves). p_ttl_seconds > 0 makes it expire; NULL never. Errors: 22004 missing agent_id / state_data, 22023 malformed id / state_data not an object / ttl <= 0, 54000 state_data over limits().max_content_bytes, MO002 no such session.
Example: SELECT * FROM memory.save_agent_state('planner', '{"step": 3}', p_session_id => 's-1', p_ttl_seconds => 3600);$$;

CREATE FUNCTION memory.load_agent_state(p_agent_id text, p_session_id text DEFAULT NULL)
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

COMMENT ON FUNCTION memory.load_agent_state(text, text) IS
$$An agent's state for a session (p_session_id NULL: its global state), or NULL (every column NULL) when there is none or it has expired: no state is an answer, not an error. Errors: 22004 missing agent_id, 22023 malformed id, MO002 no such session.
Example: SELECT state_data FROM memory.load_agent_state('planner', 's-1');$$;

CREATE FUNCTION memory.clear_agent_state(p_agent_id text, p_session_id text DEFAULT NULL)
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

COMMENT ON FUNCTION memory.clear_agent_state(text, text) IS
$$Removes an agent's state for a session (p_session_id NULL: its global state); true when a (visible) state was removed, false when there was none. Errors: 22004 missing agent_id, 22023 malformed id, MO002 no such session.
Example: SELECT memory.clear_agent_state('planner', 's-1');$$;
