-- memory_store.dispatch_session_id(p_payload jsonb, p_session_id text,
--     p_required boolean) RETURNS text
--
-- The session id of a dispatch request: the envelope's session_id or
-- payload.session_id; both given and different is ambiguous (22023).
--
-- Errors:
--   22023 session_id of the envelope and payload.session_id differ
--   through the functions it calls: 39004
-- Example:
--   memory_store.dispatch_session_id(p_payload, p_session_id, false)
--   (as memory_store.dispatch_create_session calls it)

CREATE OR REPLACE FUNCTION memory_store.dispatch_session_id(p_payload jsonb, p_session_id text, p_required boolean)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_payload_id text := memory_store.payload_text(p_payload, 'session_id');
BEGIN
    IF p_session_id IS NOT NULL AND v_payload_id IS NOT NULL AND p_session_id <> v_payload_id THEN
        RAISE EXCEPTION 'session_id of the envelope and payload.session_id differ'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_required THEN
        RETURN memory_store.require('session_id', coalesce(p_session_id, v_payload_id));
    END IF;
    RETURN coalesce(p_session_id, v_payload_id);
END
$fn$;
