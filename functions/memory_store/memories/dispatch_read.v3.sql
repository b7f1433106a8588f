-- memory_store.dispatch_read(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The `read` action of memory.dispatch: payload.memory_id,
-- include_inactive, as_of (ISO-8601: the memory as it stood at that
-- instant, memory_store.read_memory_as_of_impl). A sensitive memory is
-- decrypted with the key (the envelope's encryption_key or the session's),
-- else 22004 (no key) / 42501 (a key that does not open it).
--
-- Errors:
--   through the functions it calls: 22004, 22023 (a malformed or future
--   as_of too), 39004, 42501, MO001, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "read", "payload": {"memory_id": "m-1", "as_of": "2026-12-01T12:00:00Z"}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_read(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_as_of timestamptz := memory_store.payload_timestamp(p_payload, 'as_of');
BEGIN
    IF v_as_of IS NULL THEN
        RETURN memory_store.memory_json(memory_store.reveal(memory_store.read_memory_impl(
            memory_store.payload_text(p_payload, 'memory_id', true),
            memory_store.payload_bool(p_payload, 'include_inactive', false)), true));
    END IF;
    RETURN memory_store.memory_json(memory_store.reveal_as_of(memory_store.read_memory_as_of_impl(
        memory_store.payload_text(p_payload, 'memory_id', true), v_as_of,
        memory_store.payload_bool(p_payload, 'include_inactive', false)), v_as_of, true));
END
$fn$;
