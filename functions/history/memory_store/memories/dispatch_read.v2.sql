-- memory_store.dispatch_read(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The `read` action of memory.dispatch: payload.memory_id,
-- include_inactive. A sensitive memory is decrypted with the key (the
-- envelope's encryption_key or the session's), else 22004 (no key) / 42501
-- (a key that does not open it).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 42501, MO001, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "read", "payload": {...}}');  -- runs this handler

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
