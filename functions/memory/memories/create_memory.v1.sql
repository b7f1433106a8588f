-- memory.create_memory(p_memory_type text, p_content jsonb, p_session_id
--     text DEFAULT NULL::text, p_source_agent text DEFAULT NULL::text,
--     p_tags text[] DEFAULT NULL::text[], p_ttl_seconds integer DEFAULT
--     NULL::integer, p_expires_at timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_embedding extensions.vector DEFAULT
--     NULL::extensions.vector, p_embedding_model text DEFAULT NULL::text,
--     p_memory_id text DEFAULT NULL::text) RETURNS memory.memory_record
--
-- memory.create_memory: a new memory with tags and an optional embedding.
--
-- Errors:
--   22004 missing, 22023 invalid, 54000 too big, MO002 unknown session,
--   23505 id taken by other content.
-- Example:
--   SELECT * FROM memory.create_memory(p_memory_type => 'conversation', p_content => '{"text": "I like tea"}', p_session_id => 's-1', p_tags => ARRAY['preference'], p_ttl_seconds => 86400);

CREATE OR REPLACE FUNCTION memory.create_memory(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text DEFAULT NULL,
    p_source_agent    text DEFAULT NULL,
    p_tags            text[] DEFAULT NULL,
    p_ttl_seconds     integer DEFAULT NULL,
    p_expires_at      timestamptz DEFAULT NULL,
    p_priority        integer DEFAULT NULL,
    p_embedding       extensions.vector DEFAULT NULL,
    p_embedding_model text DEFAULT NULL,
    p_memory_id       text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object(
        'memory_type', p_memory_type, 'content', p_content, 'session_id', p_session_id,
        'source_agent', p_source_agent, 'tags', to_jsonb(p_tags), 'ttl', p_ttl_seconds, 'expires_at', p_expires_at,
        'priority', p_priority, 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'embedding_model', p_embedding_model, 'memory_id', p_memory_id);
BEGIN
    v_result := memory_store.create_memory_impl(p_memory_type, p_content, p_session_id, p_source_agent, p_tags,
                                                p_ttl_seconds, p_expires_at, p_priority, p_embedding,
                                                p_embedding_model, p_memory_id);
    PERFORM memory_store.audit('create', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_memory_id, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.create_memory(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_embedding extensions.vector, p_embedding_model text, p_memory_id text) IS 'Creates a memory (content.text feeds keyword search) with tags, ttl or expires_at, priority 1..10 and an optional 1536-d embedding; a caller-chosen p_memory_id makes retries idempotent. Errors: 22004 missing, 22023 invalid, 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT * FROM memory.create_memory(p_memory_type => ''conversation'', p_content => ''{"text": "I like tea"}'', p_session_id => ''s-1'', p_tags => ARRAY[''preference''], p_ttl_seconds => 86400);';
