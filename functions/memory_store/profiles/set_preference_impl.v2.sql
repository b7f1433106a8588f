-- memory_store.set_preference_impl(p_user_id text, p_key text, p_value
--     jsonb) RETURNS memory.user_profile
--
-- Sets one preference key (the value may be any JSON, JSON null included),
-- creating the profile when it is missing; the other keys are kept. The
-- merged preferences must stay within the size bound (54000; the raise
-- rolls the write back).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000
-- Example:
--   memory_store.set_preference_impl(p_user_id, p_key, p_value)
--   (as memory.set_preference calls it)

CREATE OR REPLACE FUNCTION memory_store.set_preference_impl(p_user_id text, p_key text, p_value jsonb)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_id('key', memory_store.require('key', p_key));
    PERFORM memory_store.require('value', p_value);
    PERFORM memory_store.check_profile_object('preferences', jsonb_build_object(p_key, p_value));
    INSERT INTO memory_store.user_profiles AS u (user_id, preferences)
    VALUES (p_user_id, jsonb_build_object(p_key, p_value))
    ON CONFLICT ON CONSTRAINT user_profiles_pkey DO UPDATE
       SET preferences = coalesce(u.preferences, '{}'::jsonb) || jsonb_build_object(p_key, p_value),
           updated_at  = now()
    RETURNING (memory_store.user_profile_of(u)).*
    INTO v_row;
    PERFORM memory_store.check_profile_object('preferences', v_row.preferences);
    RETURN v_row;
END
$fn$;
