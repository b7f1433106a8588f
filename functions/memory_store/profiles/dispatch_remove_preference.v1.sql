-- memory_store.dispatch_remove_preference(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- The `remove_preference` action of memory.dispatch: Remove one preference
-- key: payload user_id, key -> profile.
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "remove_preference", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_remove_preference(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user_id text := memory_store.payload_text(p_payload, 'user_id', true);
    v_key text := memory_store.payload_text(p_payload, 'key', true);
BEGIN
    RETURN jsonb_build_object('user_id', v_user_id, 'profile', memory_store.profile_json(
        memory_store.remove_preference_impl(v_user_id, v_key)));
END
$fn$;
