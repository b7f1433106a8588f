-- memory.create_sensitive_memory(p_memory_type text, p_content jsonb,
--     p_session_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds integer
--     DEFAULT NULL::integer, p_expires_at timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_memory_id text DEFAULT NULL::text) RETURNS
--     memory.memory_record
--
-- memory.create_sensitive_memory: a memory whose content is stored encrypted.
--
-- Errors:
--   22004 missing (the key too), 22023 invalid (a bad key too), 54000 too
--   big, MO002 unknown session, 23505 id taken by other content.
-- Example:
--   SELECT set_config('memory.encryption_key', $1, true);  -- the key as a bind parameter
--            SELECT * FROM memory.create_sensitive_memory(p_memory_type => 'context', p_content => '{"text": "door code 4711"}', p_session_id => 's-1');

CREATE OR REPLACE FUNCTION memory.create_sensitive_memory(
    p_memory_type  text,
    p_content      jsonb,
    p_session_id   text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags         text[] DEFAULT NULL,
    p_ttl_seconds  integer DEFAULT NULL,
    p_expires_at   timestamptz DEFAULT NULL,
    p_priority     integer DEFAULT NULL,
    p_memory_id    text DEFAULT NULL)
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
        'priority', p_priority, 'memory_id', p_memory_id, 'sensitive', true);
BEGIN
    v_result := memory_store.create_sensitive_memory_impl(p_memory_type, p_content, p_session_id, p_source_agent,
                                                          p_tags, p_ttl_seconds, p_expires_at, p_priority, p_memory_id);
    PERFORM memory_store.audit('create', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_memory_id, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.create_sensitive_memory(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_memory_id text) IS 'Creates a sensitive memory: its content is stored encrypted (pgcrypto, AES-256) under the key in the setting memory.encryption_key (16..1024 characters, set per session or transaction, never stored); keyword search, text_content and summaries never see it, and it takes no embedding. Read it with memory.read_memory and the same key. Returns the memory with its plaintext. Errors: 22004 missing (the key too), 22023 invalid (a bad key too), 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT set_config(''memory.encryption_key'', $1, true);  -- the key as a bind parameter
         SELECT * FROM memory.create_sensitive_memory(p_memory_type => ''context'', p_content => ''{"text": "door code 4711"}'', p_session_id => ''s-1'');';
