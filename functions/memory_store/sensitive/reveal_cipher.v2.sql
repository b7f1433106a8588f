-- memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea,
--     p_strict boolean) RETURNS memory.memory_record
--
-- A memory record with content and text_content decrypted from p_cipher, the
-- memory's ciphertext (hot: sensitive_cipher; archived: the archive row), by
-- the caller's key. No ciphertext: the record unchanged. No key, or a key
-- that does not open it: the record unchanged (redacted), or with p_strict an
-- error. reveal() and reveal_archived() fetch the ciphertext and call this.
-- Before plaintext leaves, its read is on record for good: a 'reveal' row
-- of the access log written through the audit loopback (audit_autonomous),
-- which the caller's rollback cannot erase. When that row cannot be
-- written, nothing is revealed (55000).
--
-- Errors:
--   22004 memory % is sensitive: reading it needs the encryption key
--   55000 the read could not be recorded in the access log
--   through the functions it calls: 22023 (a malformed key), 42501 (a key
--   that does not open it)
-- Example:
--   SELECT (memory_store.reveal_cipher(r, memory_store.sensitive_cipher(r), true)).content
--     FROM memory_store.read_memory_impl('m-1') AS r;

CREATE OR REPLACE FUNCTION memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea, p_strict boolean)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cipher  bytea := p_cipher;
    v_result  memory.memory_record := p_memory;
    v_key     text;
    v_content jsonb;
BEGIN
    IF v_cipher IS NULL THEN
        RETURN v_result;
    END IF;
    IF coalesce(p_strict, true) AND nullif(current_setting('memory.encryption_key', true), '') IS NULL THEN
        RAISE EXCEPTION 'memory % is sensitive: reading it needs the encryption key (setting memory.encryption_key, or the envelope''s encryption_key)',
                        quote_literal(p_memory.memory_id)
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_key := memory_store.encryption_key(coalesce(p_strict, true));
    IF v_key IS NULL THEN
        RETURN v_result;
    END IF;
    v_content := memory_store.decrypt_content(p_memory.memory_id, v_cipher, v_key, coalesce(p_strict, true));
    IF v_content IS NULL THEN
        RETURN v_result;
    END IF;
    IF NOT memory_store.audit_autonomous('reveal', p_memory.memory_id, p_memory.session_id,
                                         jsonb_build_object('memory_id', p_memory.memory_id), true) THEN
        RAISE EXCEPTION 'memory % is sensitive and its read could not be recorded in the access log: it is not revealed',
                        quote_literal(p_memory.memory_id)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'The server log has the audit loopback''s error (memory_store.audit_autonomous).';
    END IF;
    v_result.content := v_content;
    v_result.text_content := v_content ->> 'text';
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea, p_strict boolean) IS 'Before plaintext leaves, a durable ''reveal'' access-log row (audit loopback, survives a rollback) records the read; 55000 when it cannot be written. A memory record decrypted from its ciphertext p_cipher with the caller''s key; unchanged without ciphertext, or (not p_strict) without a key that opens it. Errors with p_strict: 22004 no key, 22023 bad key, 42501 wrong key.
Example: SELECT (memory_store.reveal_cipher(r, memory_store.sensitive_cipher(r), true)).content FROM memory_store.read_memory_impl(''m-1'') AS r;';
