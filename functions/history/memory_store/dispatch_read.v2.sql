-- memory_store.dispatch_read, v2 (change sensitive_memories): as
-- memory.read_memory v2, a sensitive memory is decrypted with the key (the
-- envelope's encryption_key or the session's), else 22004 / 42501.
CREATE OR REPLACE FUNCTION memory_store.dispatch_read(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.reveal(memory_store.read_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true),
        memory_store.payload_bool(p_payload, 'include_inactive', false)), true));
END
$fn$;
