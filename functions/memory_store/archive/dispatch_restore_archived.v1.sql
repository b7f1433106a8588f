-- memory_store.dispatch_restore_archived(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- Dispatch: restore_archived, payload.memory_id (-> the memory) or
-- payload.session_id / the envelope's session_id (-> the session); a
-- memory_id wins over the envelope's session_id, both in the payload is 22023.
--
-- Errors:
--   22023 give memory_id or session_id, not both
--   through the functions it calls: 39004, 55000, MO001, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "restore_archived", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_restore_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id');
BEGIN
    IF v_memory_id IS NOT NULL THEN
        IF memory_store.payload_text(p_payload, 'session_id') IS NOT NULL THEN
            RAISE EXCEPTION 'give memory_id or session_id, not both' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN memory_store.memory_json(memory_store.restore_archived_memory_impl(v_memory_id));
    END IF;
    RETURN to_jsonb(memory_store.restore_archived_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, true)));
END
$fn$;
