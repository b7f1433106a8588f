-- memory_store.reveal_archived(p_memory memory.memory_record, p_strict
--     boolean DEFAULT true) RETURNS memory.memory_record
--
-- The archived memory record with its plaintext when it is sensitive and
-- the caller's key opens it: memory_store.reveal (change
-- sensitive_memories) for the archive, by the same rules. p_strict (single
-- reads): no key 22004, a bad key 22023, a key that does not open it 42501.
-- Not strict: the record stays redacted (content {"encrypted": true},
-- text_content NULL). Batch reads stay redacted, as for hot memories.
--
-- Errors:
--   39004 memory % is sensitive: reading it needs the encryption key
--   (setting memory.encryption_key, or the envelope's encryption_key)
--   through the functions it calls: 22023, 42501, XX001
-- Example:
--   memory_store.reveal_archived(memory_store.read_archived_memory_impl
--       (p_memory_id), true)
--   (as memory.read_archived_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.reveal_archived(p_memory memory.memory_record, p_strict boolean DEFAULT true)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.reveal_cipher(p_memory,
                                      (SELECT a.content_encrypted
                                         FROM memory_archive.memory_entries a
                                        WHERE a.memory_id = p_memory.memory_id AND a.is_sensitive),
                                      p_strict);
END
$fn$;
