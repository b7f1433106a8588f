-- Dispatch handlers of the agent-state actions (memory.dispatch). The
-- session is payload.session_id, else the envelope's session_id (NULL: the
-- agent's global state); the agent is payload.agent_id, else the calling
-- agent (memory_store.current_agent_id()).
--   save_state:  state_data (object, required), ttl (seconds) -> agent_id, session_id, state
--   load_state:  -> agent_id, session_id, found, state (null when none)
--   clear_state: -> agent_id, session_id, cleared

CREATE FUNCTION memory_store.dispatch_state_target(p_payload jsonb, p_session_id text,
                                                   OUT agent_id text, OUT session_id text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    agent_id := coalesce(memory_store.payload_text(p_payload, 'agent_id'), memory_store.current_agent_id());
    session_id := coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id);
END
$fn$;

CREATE FUNCTION memory_store.dispatch_save_state(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_target record := memory_store.dispatch_state_target(p_payload, p_session_id);
    v_state_data jsonb := memory_store.payload_json(p_payload, 'state_data', 'object', true);
    v_ttl integer := memory_store.payload_int(p_payload, 'ttl');
BEGIN
    RETURN jsonb_build_object('agent_id', v_target.agent_id, 'session_id', v_target.session_id,
                              'state', to_jsonb(memory_store.save_agent_state_impl(v_target.agent_id, v_state_data,
                                                                                   v_target.session_id, v_ttl)));
END
$fn$;

CREATE FUNCTION memory_store.dispatch_load_state(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_target record := memory_store.dispatch_state_target(p_payload, p_session_id);
    v_state memory.agent_state := memory_store.load_agent_state_impl(v_target.agent_id, v_target.session_id);
BEGIN
    RETURN jsonb_build_object('agent_id', v_target.agent_id, 'session_id', v_target.session_id,
                              'found', v_state.state_id IS NOT NULL,
                              'state', CASE WHEN v_state.state_id IS NULL THEN 'null'::jsonb ELSE to_jsonb(v_state) END);
END
$fn$;

CREATE FUNCTION memory_store.dispatch_clear_state(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_target record := memory_store.dispatch_state_target(p_payload, p_session_id);
BEGIN
    RETURN jsonb_build_object('agent_id', v_target.agent_id, 'session_id', v_target.session_id,
                              'cleared', memory_store.clear_agent_state_impl(v_target.agent_id, v_target.session_id));
END
$fn$;
