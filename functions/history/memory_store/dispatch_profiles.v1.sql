-- Dispatch handlers of the profile actions (memory.dispatch):
--   upsert_profile:    user_id, profile_data (object), preferences (object), is_active (boolean) -> user_id, profile
--   set_preference:    user_id, key (string), value (any JSON, null included; required) -> user_id, profile
--   remove_preference: user_id, key -> user_id, profile (null when the user has no profile)
--   get_profile:       user_id -> user_id, profile (null when the user has none)

CREATE FUNCTION memory_store.profile_json(p_profile memory.user_profile)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT CASE WHEN p_profile.user_id IS NULL THEN 'null'::jsonb ELSE to_jsonb(p_profile) END $fn$;

CREATE FUNCTION memory_store.dispatch_upsert_profile(p_payload jsonb, p_session_id text)
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

CREATE FUNCTION memory_store.dispatch_set_preference(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user_id text := memory_store.payload_text(p_payload, 'user_id', true);
    v_key text := memory_store.payload_text(p_payload, 'key', true);
BEGIN
    IF NOT p_payload ? 'value' THEN
        RAISE EXCEPTION 'value is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN jsonb_build_object('user_id', v_user_id, 'profile', memory_store.profile_json(
        memory_store.set_preference_impl(v_user_id, v_key, p_payload -> 'value')));
END
$fn$;

CREATE FUNCTION memory_store.dispatch_remove_preference(p_payload jsonb, p_session_id text)
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

CREATE FUNCTION memory_store.dispatch_get_profile(p_payload jsonb, p_session_id text)
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
