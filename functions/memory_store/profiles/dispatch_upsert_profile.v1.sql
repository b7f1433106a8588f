-- memory_store.dispatch_upsert_profile(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `upsert_profile` action of memory.dispatch: Create or update a user
-- profile (given fields replace, missing keep): payload user_id,
-- profile_data, preferences, is_active -> profile.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000
-- Example:
--   SELECT memory.dispatch('{"action": "upsert_profile", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_upsert_profile(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user_id text := memory_store.payload_text(p_payload, 'user_id', true);
    v_profile_data jsonb := memory_store.payload_json(p_payload, 'profile_data', 'object');
    v_preferences jsonb := memory_store.payload_json(p_payload, 'preferences', 'object');
    v_is_active boolean := memory_store.payload_bool(p_payload, 'is_active');
BEGIN
    RETURN jsonb_build_object('user_id', v_user_id, 'profile', memory_store.profile_json(
        memory_store.upsert_user_profile_impl(v_user_id, v_profile_data, v_preferences, v_is_active)));
END
$fn$;
