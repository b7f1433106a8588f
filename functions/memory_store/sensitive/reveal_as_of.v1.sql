-- memory_store.reveal_as_of(p_memory memory.memory_record, p_as_of timestamp
--     with time zone, p_strict boolean DEFAULT true) RETURNS
--     memory.memory_record
--
-- memory_store.reveal for a memory read as of an instant: the ciphertext is
-- the one of the version valid at p_as_of (memory_store.memories_as_of), so
-- a sensitive memory's old content comes back as it was, decrypted by the
-- caller's key under the same rules and the same durable 'reveal' audit row
-- (memory_store.reveal_cipher). Not sensitive: the record unchanged.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 42501, 55000
-- Example:
--   SELECT (memory_store.reveal_as_of(memory_store.read_memory_as_of_impl('m-1', now() - interval '1 hour'), now() - interval '1 hour')).content;

CREATE OR REPLACE FUNCTION memory_store.reveal_as_of(p_memory memory.memory_record, p_as_of timestamptz,
                                                     p_strict boolean DEFAULT true)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_memory.memory_id IS NULL OR p_memory.content IS DISTINCT FROM memory_store.sensitive_stub() THEN
        RETURN p_memory;
    END IF;
    RETURN memory_store.reveal_cipher(p_memory,
        (SELECT m.content_encrypted FROM memory_store.memories_as_of(p_as_of) m
          WHERE m.memory_id = p_memory.memory_id AND m.is_sensitive),
        p_strict);
END
$fn$;

COMMENT ON FUNCTION memory_store.reveal_as_of(p_memory memory.memory_record, p_as_of timestamp with time zone, p_strict boolean) IS 'memory_store.reveal for a record read as of an instant: decrypts the ciphertext of the version valid at p_as_of with the caller''s key (same rules and audit as reveal). Errors with p_strict: 22004 no key, 22023 bad key, 42501 wrong key, 55000 unaudited.
Example: SELECT (memory_store.reveal_as_of(memory_store.read_memory_as_of_impl(''m-1'', now() - interval ''1 hour''), now() - interval ''1 hour'')).content;';
