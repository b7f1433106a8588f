-- memory_store.reveal(p_memory memory.memory_record, p_strict boolean
--     DEFAULT true) RETURNS memory.memory_record
--
-- A memory record with its plaintext content when it is sensitive and the
-- caller's key opens it. p_strict (single reads): no key 22004, a bad key
-- 22023, a key that does not open it 42501. Not strict (the answers of
-- create and update): the record stays redacted (content {"encrypted":
-- true}, text_content NULL) instead. A record whose content is not the
-- sensitive stub comes back as it is, without a further call or statement
-- (the read path's common case); no SET clause, the caller's pinned
-- search_path applies.
--
-- Volatile: revealing writes the read's durable audit row (reveal_cipher).
--
-- Errors:
--   55000 the read could not be recorded in the access log
--   22004 memory % is sensitive: reading it needs the encryption key
--   (setting memory.encryption_key, or the envelope's encryption_key)
--   through the functions it calls: 22023, 42501, XX001
-- Example:
--   SELECT (memory_store.reveal(memory_store.read_memory_impl('m-1'), true)).content;

CREATE OR REPLACE FUNCTION memory_store.reveal(p_memory memory.memory_record, p_strict boolean DEFAULT true)
RETURNS memory.memory_record
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF p_memory.content IS DISTINCT FROM memory_store.sensitive_stub() THEN
        RETURN p_memory;
    END IF;
    RETURN memory_store.reveal_cipher(p_memory, memory_store.sensitive_cipher(p_memory), p_strict);
END
$fn$;

COMMENT ON FUNCTION memory_store.reveal(p_memory memory.memory_record, p_strict boolean) IS 'A memory record with its decrypted content (and text_content) when it is sensitive and the caller''s key opens it; otherwise unchanged (redacted), or with p_strict: 22004 no key, 22023 bad key, 42501 wrong key.
Example: SELECT (memory_store.reveal(memory_store.read_memory_impl(''m-1''), true)).content;';
