-- memory_store.dispatch_end_session(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- end_session: payload.summary, payload.archive (default false). data: the session record.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "end_session", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_end_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN to_jsonb(memory_store.end_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, true),
        memory_store.payload_text(p_payload, 'summary'),
        memory_store.payload_bool(p_payload, 'archive', false)));
END
$fn$;
