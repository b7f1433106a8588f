-- Verify memory-orchestrator:sensitive_memories on pg
BEGIN;

SELECT 'memory.create_sensitive_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, text)'::regprocedure,
       'memory.rotate_encryption_key(text[], text, text)'::regprocedure,
       'memory_store.create_sensitive_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, text)'::regprocedure,
       'memory_store.rotate_encryption_key_impl(text[], text, text)'::regprocedure,
       'memory_store.reveal(memory.memory_record, boolean)'::regprocedure,
       'memory_store.dispatch_rotate_encryption_key(jsonb, text)'::regprocedure;

DO $$
DECLARE
    v_memory memory.memory_record;
    v_row    record;
BEGIN
    -- The columns and the rule that keeps plaintext out of a sensitive row.
    IF (SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END
          FROM pg_attribute WHERE attrelid = 'memory_store.memory_entries'::regclass AND attname = 'is_sensitive')
       IS DISTINCT FROM 'boolean not null'
       OR (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = 'memory_store.memory_entries'::regclass AND attname = 'content_encrypted')
          IS DISTINCT FROM 'bytea' THEN
        RAISE EXCEPTION 'memory_entries.is_sensitive (boolean not null) or content_encrypted (bytea) is missing or wrong';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'memory_store.memory_entries'::regclass
                      AND conname = 'memory_entries_sensitive_check' AND contype = 'c' AND convalidated) THEN
        RAISE EXCEPTION 'CHECK memory_entries_sensitive_check is missing';
    END IF;
    -- write_path_plans folds the refusal into vector_embeddings_from_memory
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'memory_store.vector_embeddings'::regclass
                      AND tgname IN ('vector_embeddings_refuse_sensitive', 'vector_embeddings_from_memory')
                      AND tgenabled <> 'D') THEN
        RAISE EXCEPTION 'trigger vector_embeddings_refuse_sensitive is missing or disabled';
    END IF;
    IF NOT has_function_privilege('memory_agent', 'memory.create_sensitive_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, text)', 'EXECUTE')
       OR NOT has_function_privilege('memory_agent', 'memory.rotate_encryption_key(text[], text, text)', 'EXECUTE')
       OR NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = 'rotate_encryption_key') THEN
        RAISE EXCEPTION 'the sensitive-memory API is not granted to memory_agent or not registered';
    END IF;
    -- Behaviour, in this rolled-back transaction: stored encrypted, read
    -- back with the key, refused without it.
    PERFORM set_config('memory.encryption_key', 'verify-key-0123456789', true);
    v_memory := memory.create_sensitive_memory('context', '{"text": "verify sensitive plaintext"}',
                                               p_memory_id => 'verify-sensitive');
    SELECT content, text_content, content_encrypted INTO v_row
      FROM memory_store.memory_entries WHERE memory_id = 'verify-sensitive';
    IF v_row.content <> '{"encrypted": true}' OR v_row.text_content IS NOT NULL
       OR position(convert_to('verify sensitive', 'UTF8') IN v_row.content_encrypted) > 0 THEN
        RAISE EXCEPTION 'a sensitive memory is stored with its plaintext';
    END IF;
    -- Decrypted directly: a read through the API records a durable 'reveal'
    -- row in the access log (audit_durable_reads), which a verify must not
    -- leave behind.
    IF memory_store.decrypt_content('verify-sensitive', v_row.content_encrypted, 'verify-key-0123456789') ->> 'text'
       IS DISTINCT FROM 'verify sensitive plaintext' THEN
        RAISE EXCEPTION 'a sensitive memory does not decrypt with its key';
    END IF;
    PERFORM set_config('memory.encryption_key', '', true);
    BEGIN
        PERFORM memory_store.reveal(memory_store.read_memory_impl('verify-sensitive'), true);
        RAISE EXCEPTION 'a sensitive memory was read without the key' USING ERRCODE = 'P0003';
    EXCEPTION WHEN null_value_not_allowed THEN
        NULL;
    END;
END
$$;

ROLLBACK;
