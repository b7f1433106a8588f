-- memory_store.dispatch_create(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The `create` action of memory.dispatch: payload.memory_type, content
-- {text, source_agent, metadata, ...}, tags, ttl | expires_at, priority,
-- embedding + embedding_model, memory_id, session_id (else the envelope's),
-- dedupe (off | exact | semantic, default off) and dedupe_min_similarity.
-- data: memory_id (the memory that holds the content), created_at,
-- expires_at, session_id, sensitive, outcome (added | updated | unchanged)
-- and similarity (of the survivor, when deduplication found one).
-- Payload `sensitive: true` creates a sensitive memory (content encrypted
-- with the envelope's encryption_key or the session's key); it takes no
-- embedding and no deduplication (matching would need its plaintext).
--
-- Errors:
--   22023 a sensitive memory takes no embedding / no deduplication
--   through the functions it calls: 22004, 23505, 39004, 42501, 54000,
--   MO001, MO002, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "create", "payload": {"memory_type": "user_preference", "content": {"text": "I like tea"}, "dedupe": "exact"}}');

CREATE OR REPLACE FUNCTION memory_store.dispatch_create(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_content   jsonb := memory_store.payload_json(p_payload, 'content', 'object', true);
    v_sensitive boolean := memory_store.payload_bool(p_payload, 'sensitive', false);
    v_dedupe    text := coalesce(memory_store.payload_text(p_payload, 'dedupe'), 'off');
    v_type      text := memory_store.payload_text(p_payload, 'memory_type', true);
    v_session   text := coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id);
    v_source    text := coalesce(memory_store.payload_text(p_payload, 'source_agent'),
                                 memory_store.payload_text(v_content, 'source_agent'));
    v_tags      text[] := memory_store.payload_text_array(p_payload, 'tags');
    v_ttl       integer := memory_store.payload_int(p_payload, 'ttl');
    v_expires   timestamptz := memory_store.payload_timestamp(p_payload, 'expires_at');
    v_priority  integer := memory_store.payload_int(p_payload, 'priority');
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id');
    v_result    memory.create_outcome;
    v_record    memory.memory_record;
BEGIN
    IF v_sensitive THEN
        IF p_payload ? 'embedding' AND jsonb_typeof(p_payload -> 'embedding') <> 'null' THEN
            RAISE EXCEPTION 'a sensitive memory takes no embedding (an embedding carries the meaning of its text)'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF v_dedupe <> 'off' THEN
            RAISE EXCEPTION 'a sensitive memory takes no deduplication (it would need a comparable form of its plaintext)'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_record := memory_store.create_sensitive_memory_impl(v_type, v_content, v_session, v_source, v_tags, v_ttl,
                                                              v_expires, v_priority, v_memory_id);
        v_result := (CASE WHEN v_record.created_at < now() THEN 'unchanged' ELSE 'added' END, v_record.memory_id,
                     v_record.session_id, v_record.created_at, v_record.updated_at, v_record.expires_at,
                     NULL::double precision);
    ELSE
        v_result := memory_store.create_deduped_impl(
            v_dedupe, v_type, v_content, v_session, v_source, v_tags, v_ttl, v_expires, v_priority,
            memory_store.vector_from_json('embedding', p_payload -> 'embedding'),
            memory_store.payload_text(p_payload, 'embedding_model'), v_memory_id,
            memory_store.payload_value(p_payload, 'dedupe_min_similarity')::double precision);
    END IF;
    RETURN jsonb_strip_nulls(jsonb_build_object('similarity', v_result.similarity))
           || jsonb_build_object('memory_id', v_result.memory_id, 'created_at', v_result.created_at,
                                 'expires_at', v_result.expires_at, 'session_id', v_result.session_id,
                                 'sensitive', v_sensitive, 'outcome', v_result.outcome);
END
$fn$;
