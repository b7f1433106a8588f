-- memory_store.dispatch_restore(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- Dispatch handler: payload.memory_id -> the restored memory.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "restore", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_restore(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.restore_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true)));
END
$fn$;
