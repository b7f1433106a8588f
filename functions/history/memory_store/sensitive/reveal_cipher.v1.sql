-- memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea,
--     p_strict boolean) RETURNS memory.memory_record
--
-- A memory record with content and text_content decrypted from p_cipher, the
-- memory's ciphertext (hot: sensitive_cipher; archived: the archive row), by
-- the caller's key. No ciphertext: the record unchanged. No key, or a key
-- that does not open it: the record unchanged (redacted), or with p_strict an
-- error. reveal() and reveal_archived() fetch the ciphertext and call this.
--
-- Errors:
--   22004 memory % is sensitive: reading it needs the encryption key
--   through the functions it calls: 22023 (a malformed key), 42501 (a key
--   that does not open it)
-- Example:
--   SELECT (memory_store.reveal_cipher(r, memory_store.sensitive_cipher(r), true)).content
--     FROM memory_store.read_memory_impl('m-1') AS r;

CREATE OR REPLACE FUNCTION memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea, p_strict boolean)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
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
    v_result.content := v_content;
    v_result.text_content := v_content ->> 'text';
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.reveal_cipher(p_memory memory.memory_record, p_cipher bytea, p_strict boolean) IS 'A memory record decrypted from its ciphertext p_cipher with the caller''s key; unchanged without ciphertext, or (not p_strict) without a key that opens it. Errors with p_strict: 22004 no key, 22023 bad key, 42501 wrong key.
Example: SELECT (memory_store.reveal_cipher(r, memory_store.sensitive_cipher(r), true)).content FROM memory_store.read_memory_impl(''m-1'') AS r;';
