-- memory_store.dispatch_load_state(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `load_state` action of memory.dispatch: Load an agent's state:
-- payload agent_id, session_id -> found, state (null when none or expired).
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "load_state", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_load_state(p_payload jsonb, p_session_id text)
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
