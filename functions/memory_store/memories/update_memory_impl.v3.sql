-- memory_store.update_memory_impl(p_memory_id text, p_content jsonb DEFAULT
--     NULL::jsonb, p_merge_content boolean DEFAULT false, p_tags text[]
--     DEFAULT NULL::text[], p_ttl_seconds integer DEFAULT NULL::integer,
--     p_expires_at timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_clear_expiry boolean DEFAULT false, p_priority integer
--     DEFAULT NULL::integer) RETURNS memory.memory_record
--
-- Partial update: only the arguments given change; p_content replaces the
-- content or, with p_merge_content, is merged into it key by key; p_tags
-- replaces the tag set; ttl / expires_at set a new expiry, p_clear_expiry
-- makes the memory permanent. New content of a sensitive memory is
-- encrypted: the caller's key must open the current content (22004 without
-- a key, 42501 with one that does not), the merge is done on the plaintext,
-- validated as plaintext, and re-encrypted under the same key (a new key is
-- memory.rotate_encryption_key's business). The row is locked before its
-- ciphertext is read, so a concurrent rotation is never undone. Updates
-- without content need no key. The answer is decrypted when the key opens
-- it, else redacted. Every call is a new version of the memory (operation
-- 'update', or the transaction's memory_store.change_operation when a
-- caller set one, e.g. 'import' or 'dedupe'), tag changes included: the
-- row is updated, and so versioned, before its tags change, so the kept
-- version has the tags it had.
--
-- Errors:
--   22023 give a new expiry or clear it, not both
--   through the functions it calls: 39004, 42501, 54000, MO001, XX001
-- Example:
--   memory_store.update_memory_impl(p_memory_id, p_content,
--       p_merge_content, p_tags, p_ttl_seconds, p_expires_at,
--       p_clear_expiry, p_priority)
--   (as memory.update_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.update_memory_impl(
    p_memory_id     text,
    p_content       jsonb DEFAULT NULL,
    p_merge_content boolean DEFAULT false,
    p_tags          text[] DEFAULT NULL,
    p_ttl_seconds   integer DEFAULT NULL,
    p_expires_at    timestamptz DEFAULT NULL,
    p_clear_expiry  boolean DEFAULT false,
    p_priority      integer DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current    memory.memory_record := memory_store.read_memory_impl(p_memory_id, false);
    v_tags       text[] := memory_store.clean_tags(p_tags);
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_content    jsonb;
    v_cipher     bytea;
    v_key        text;
    v_operation  text := nullif(current_setting('memory_store.change_operation', true), '');
BEGIN
    PERFORM memory_store.check_content(p_content);
    PERFORM memory_store.check_priority(p_priority);
    IF p_clear_expiry AND v_expires_at IS NOT NULL THEN
        RAISE EXCEPTION 'give a new expiry or clear it, not both' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_content IS NOT NULL AND memory_store.sensitive_cipher(v_current) IS NOT NULL THEN
        SELECT e.content_encrypted INTO v_cipher
          FROM memory_store.memory_entries e
         WHERE e.memory_id = p_memory_id AND e.created_at = v_current.created_at
           FOR UPDATE;
        v_key := memory_store.encryption_key(true);
        v_content := memory_store.decrypt_content(p_memory_id, v_cipher, v_key, true);
        v_content := CASE WHEN p_merge_content THEN v_content || p_content ELSE p_content END;
        PERFORM memory_store.check_content(v_content);
        v_cipher := memory_store.encrypt_content(p_memory_id, v_content, v_key);
        v_content := memory_store.sensitive_stub();
    ELSE
        v_content := CASE WHEN p_content IS NULL THEN v_current.content
                          WHEN p_merge_content THEN v_current.content || p_content
                          ELSE p_content END;
        PERFORM memory_store.check_content(v_content);
    END IF;

    IF v_operation IS NULL THEN
        PERFORM set_config('memory_store.change_operation', 'update', true);
    END IF;
    UPDATE memory_store.memory_entries
       SET content           = v_content,
           content_encrypted = coalesce(v_cipher, content_encrypted),
           priority          = coalesce(p_priority, priority),
           expires_at        = CASE WHEN p_clear_expiry THEN NULL ELSE coalesce(v_expires_at, expires_at) END
     WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
    IF v_operation IS NULL THEN
        PERFORM set_config('memory_store.change_operation', '', true);
    END IF;
    IF v_tags IS NOT NULL THEN
        DELETE FROM memory_store.memory_tags WHERE memory_id = p_memory_id AND tag <> ALL (v_tags);
        INSERT INTO memory_store.memory_tags (memory_id, tag)
        SELECT p_memory_id, unnest(v_tags) ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    END IF;
    RETURN memory_store.reveal(memory_store.read_memory_impl(p_memory_id, true), false);
END
$fn$;
