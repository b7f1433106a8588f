-- memory_store.dispatch_create(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The `create` action of memory.dispatch: payload.memory_type, content
-- {text, source_agent, metadata, ...}, tags, ttl | expires_at, priority,
-- embedding + embedding_model, memory_id, session_id (else the envelope's).
-- Payload `sensitive: true` creates a sensitive memory (content encrypted
-- with the envelope's encryption_key or the session's key); it takes no
-- embedding.
--
-- Errors:
--   22023 a sensitive memory takes no embedding (an embedding carries the
--   meaning of its text)
--   through the functions it calls: 23505, 39004, 42501, 54000, MO001,
--   MO002, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "create", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_create(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_content   jsonb := memory_store.payload_json(p_payload, 'content', 'object', true);
    v_sensitive boolean := memory_store.payload_bool(p_payload, 'sensitive', false);
    v_result    memory.memory_record;
BEGIN
    IF v_sensitive THEN
        IF p_payload ? 'embedding' AND jsonb_typeof(p_payload -> 'embedding') <> 'null' THEN
            RAISE EXCEPTION 'a sensitive memory takes no embedding (an embedding carries the meaning of its text)'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_result := memory_store.create_sensitive_memory_impl(
            p_memory_type  => memory_store.payload_text(p_payload, 'memory_type', true),
            p_content      => v_content,
            p_session_id   => coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id),
            p_source_agent => coalesce(memory_store.payload_text(p_payload, 'source_agent'),
                                       memory_store.payload_text(v_content, 'source_agent')),
            p_tags         => memory_store.payload_text_array(p_payload, 'tags'),
            p_ttl_seconds  => memory_store.payload_int(p_payload, 'ttl'),
            p_expires_at   => memory_store.payload_timestamp(p_payload, 'expires_at'),
            p_priority     => memory_store.payload_int(p_payload, 'priority'),
            p_memory_id    => memory_store.payload_text(p_payload, 'memory_id'));
    ELSE
        v_result := memory_store.create_memory_impl(
            p_memory_type     => memory_store.payload_text(p_payload, 'memory_type', true),
            p_content         => v_content,
            p_session_id      => coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id),
            p_source_agent    => coalesce(memory_store.payload_text(p_payload, 'source_agent'),
                                          memory_store.payload_text(v_content, 'source_agent')),
            p_tags            => memory_store.payload_text_array(p_payload, 'tags'),
            p_ttl_seconds     => memory_store.payload_int(p_payload, 'ttl'),
            p_expires_at      => memory_store.payload_timestamp(p_payload, 'expires_at'),
            p_priority        => memory_store.payload_int(p_payload, 'priority'),
            p_embedding       => memory_store.vector_from_json('embedding', p_payload -> 'embedding'),
            p_embedding_model => memory_store.payload_text(p_payload, 'embedding_model'),
            p_memory_id       => memory_store.payload_text(p_payload, 'memory_id'));
    END IF;
    RETURN jsonb_build_object('memory_id', v_result.memory_id, 'created_at', v_result.created_at,
                              'expires_at', v_result.expires_at, 'session_id', v_result.session_id,
                              'sensitive', v_sensitive);
END
$fn$;
