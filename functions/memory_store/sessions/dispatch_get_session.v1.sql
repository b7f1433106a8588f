-- memory_store.dispatch_get_session(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- get_session: data: the session record.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "get_session", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_get_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN to_jsonb(memory_store.get_session_impl(memory_store.dispatch_session_id(p_payload, p_session_id, true)));
END
$fn$;
