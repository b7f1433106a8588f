-- memory_store.dispatch_clear_state(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `clear_state` action of memory.dispatch: Clear an agent's state:
-- payload agent_id, session_id -> cleared.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "clear_state", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_clear_state(p_payload jsonb, p_session_id text)
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
