-- memory_store.dispatch_rotate_encryption_key(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- Dispatch handler: payload.memory_ids, session_id (else the envelope''s),
-- user_id; the keys come from the envelope (encryption_key,
-- new_encryption_key) or the session.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 42501, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "rotate_encryption_key", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_rotate_encryption_key(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result record;
BEGIN
    SELECT * INTO v_result FROM memory_store.rotate_encryption_key_impl(
        p_memory_ids => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_session_id => coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id),
        p_user_id    => memory_store.payload_text(p_payload, 'user_id'));
    RETURN jsonb_build_object('rotated', v_result.rotated, 'skipped', v_result.skipped);
END
$fn$;
