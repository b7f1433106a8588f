-- memory_store.dispatch_set_preference(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `set_preference` action of memory.dispatch: Set one preference key
-- (creates the profile): payload user_id, key, value -> profile.
--
-- Errors:
--   39004 value is required
--   through the functions it calls: 22023, 54000
-- Example:
--   SELECT memory.dispatch('{"action": "set_preference", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_set_preference(p_payload jsonb, p_session_id text)
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
