-- memory_store.dispatch_update(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- update: payload.memory_id, content, merge_content, tags, ttl | expires_at | clear_expiry, priority.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 42501, 54000, MO001,
--   XX001
-- Example:
--   SELECT memory.dispatch('{"action": "update", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_update(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    v_result := memory_store.update_memory_impl(
        p_memory_id     => memory_store.payload_text(p_payload, 'memory_id', true),
        p_content       => memory_store.payload_json(p_payload, 'content', 'object'),
        p_merge_content => memory_store.payload_bool(p_payload, 'merge_content', false),
        p_tags          => memory_store.payload_text_array(p_payload, 'tags'),
        p_ttl_seconds   => memory_store.payload_int(p_payload, 'ttl'),
        p_expires_at    => memory_store.payload_timestamp(p_payload, 'expires_at'),
        p_clear_expiry  => memory_store.payload_bool(p_payload, 'clear_expiry', false),
        p_priority      => memory_store.payload_int(p_payload, 'priority'));
    RETURN jsonb_build_object('memory_id', v_result.memory_id, 'updated_at', v_result.updated_at,
                              'expires_at', v_result.expires_at, 'session_id', v_result.session_id);
END
$fn$;
