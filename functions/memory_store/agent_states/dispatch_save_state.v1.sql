-- memory_store.dispatch_save_state(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `save_state` action of memory.dispatch: Save an agent's state (last
-- writer wins): payload agent_id, session_id, state_data, ttl -> state.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "save_state", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_save_state(p_payload jsonb, p_session_id text)
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
