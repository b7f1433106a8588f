-- memory_store.dispatch_create_session(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- create_session: payload.user_id, payload.session_metadata (a JSON object;
-- its session_type, a string, sets the session type unless
-- payload.session_type does), the id from the envelope or payload.session_id
-- (else generated). data: the session record.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 40001, 54000
-- Example:
--   SELECT memory.dispatch('{"action": "create_session", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_create_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_metadata jsonb := memory_store.payload_json(p_payload, 'session_metadata', 'object');
    v_type     text := coalesce(memory_store.payload_text(p_payload, 'session_type'),
                                memory_store.payload_text(v_metadata, 'session_type'),
                                'conversation');
BEGIN
    RETURN to_jsonb(memory_store.start_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, false),
        memory_store.payload_text(p_payload, 'user_id'),
        v_type,
        v_metadata));
END
$fn$;
