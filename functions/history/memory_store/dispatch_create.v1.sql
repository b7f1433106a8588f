-- memory_store.dispatch_create as released in dispatch_memories.v1.sql
-- (v0.2.0), alone, so that the revert of sensitive_memories can restore it.
-- create: payload.memory_type, content {text, source_agent, metadata, ...}, tags, ttl | expires_at,
-- priority, embedding + embedding_model, memory_id, session_id (else the envelope's).
CREATE OR REPLACE FUNCTION memory_store.dispatch_create(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_content jsonb := memory_store.payload_json(p_payload, 'content', 'object', true);
    v_result  memory.memory_record;
BEGIN
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
    RETURN jsonb_build_object('memory_id', v_result.memory_id, 'created_at', v_result.created_at,
                              'expires_at', v_result.expires_at, 'session_id', v_result.session_id);
END
$fn$;
