-- memory_store.dispatch_read_archived(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- Dispatch: read_archived, payload.memory_id -> the archived memory (a
-- sensitive one decrypted with the envelope's or the session's key).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 42501, MO001, XX001
-- Example:
--   SELECT memory.dispatch('{"action": "read_archived", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_read_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.reveal_archived(memory_store.read_archived_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true)), true));
END
$fn$;
