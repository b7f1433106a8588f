-- memory_store.dispatch_delete(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- delete: payload.memory_id, hard.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "delete", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_delete(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_hard   boolean := memory_store.payload_bool(p_payload, 'hard', false);
    v_result memory.memory_record;
BEGIN
    v_result := memory_store.delete_memory_impl(memory_store.payload_text(p_payload, 'memory_id', true), v_hard);
    RETURN jsonb_build_object('deleted', true, 'hard', v_hard, 'memory_id', v_result.memory_id,
                              'session_id', v_result.session_id);
END
$fn$;
