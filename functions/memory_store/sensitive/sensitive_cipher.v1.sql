-- memory_store.sensitive_cipher(p_memory memory.memory_record) RETURNS
--     bytea
--
-- The ciphertext of a memory as read_memory_impl returns it, NULL when the
-- memory is not sensitive. Only a record whose content is the stub costs a
-- lookup (primary key, one partition).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sensitive_cipher(memory_store.read_memory_impl('m-1')) IS NOT NULL AS sensitive;

CREATE OR REPLACE FUNCTION memory_store.sensitive_cipher(p_memory memory.memory_record)
RETURNS bytea
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cipher bytea;
BEGIN
    IF p_memory.memory_id IS NULL OR p_memory.content IS DISTINCT FROM memory_store.sensitive_stub() THEN
        RETURN NULL;
    END IF;
    SELECT e.content_encrypted INTO v_cipher
      FROM memory_store.memory_entries e
     WHERE e.memory_id = p_memory.memory_id AND e.created_at = p_memory.created_at AND e.is_sensitive;
    RETURN v_cipher;
END
$fn$;

COMMENT ON FUNCTION memory_store.sensitive_cipher(p_memory memory.memory_record) IS 'The stored ciphertext of a memory record when the memory is sensitive, else NULL.
Example: SELECT memory_store.sensitive_cipher(memory_store.read_memory_impl(''m-1'')) IS NOT NULL AS sensitive;';
