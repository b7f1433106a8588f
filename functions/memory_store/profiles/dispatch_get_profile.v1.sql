-- memory_store.dispatch_get_profile(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `get_profile` action of memory.dispatch: A user profile: payload
-- user_id -> profile (null when none).
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "get_profile", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_get_profile(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user_id text := memory_store.payload_text(p_payload, 'user_id', true);
BEGIN
    RETURN jsonb_build_object('user_id', v_user_id, 'profile', memory_store.profile_json(
        memory_store.get_user_profile_impl(v_user_id)));
END
$fn$;
