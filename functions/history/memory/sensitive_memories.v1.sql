-- The typed API of sensitive memories (see
-- functions/memory_store/sensitive_memories.v1.sql): create one, rotate the
-- key. Reading is memory.read_memory (v2), which decrypts with the key;
-- update_memory re-encrypts. The key is never a parameter: it comes from the
-- setting memory.encryption_key of the session or transaction, so it is in
-- no call's text and in no audit row.

-- memory.create_sensitive_memory: a memory whose content is stored encrypted.
CREATE FUNCTION memory.create_sensitive_memory(
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

COMMENT ON FUNCTION memory.create_sensitive_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, text) IS
$$Creates a sensitive memory: its content is stored encrypted (pgcrypto, AES-256) under the key in the setting memory.encryption_key (16..1024 characters, set per session or transaction, never stored); keyword search, text_content and summaries never see it, and it takes no embedding. Read it with memory.read_memory and the same key. Returns the memory with its plaintext. Errors: 22004 missing (the key too), 22023 invalid (a bad key too), 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT set_config('memory.encryption_key', $1, true);  -- the key as a bind parameter
         SELECT * FROM memory.create_sensitive_memory(p_memory_type => 'context', p_content => '{"text": "door code 4711"}', p_session_id => 's-1');$$;

-- memory.rotate_encryption_key: re-encrypt sensitive memories under a new key.
CREATE FUNCTION memory.rotate_encryption_key(
    p_memory_ids text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id    text DEFAULT NULL,
    OUT rotated  bigint,
    OUT skipped  bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_ids', to_jsonb(p_memory_ids), 'session_id', p_session_id,
                                          'user_id', p_user_id, 'rotate', true);
BEGIN
    SELECT r.rotated, r.skipped INTO rotated, skipped
      FROM memory_store.rotate_encryption_key_impl(p_memory_ids, p_session_id, p_user_id) AS r;
    PERFORM memory_store.audit('update', NULL, p_session_id,
                               v_request || jsonb_build_object('rotated', rotated, 'skipped', skipped), true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.rotate_encryption_key(text[], text, text) IS
$$Re-encrypts sensitive memories (by ids, session and/or user; none = all) from the key in memory.encryption_key to the key in memory.new_encryption_key, soft-deleted and expired ones included, in one transaction; memories the old key does not open are left as they are (skipped). Returns rotated, skipped. Errors: 22004 a key missing, 22023 a bad key, the same key twice, bad ids.
Example: SELECT set_config('memory.encryption_key', $1, true), set_config('memory.new_encryption_key', $2, true);
         SELECT * FROM memory.rotate_encryption_key(p_user_id => 'u-1');$$;
