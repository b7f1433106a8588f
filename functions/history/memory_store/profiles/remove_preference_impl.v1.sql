-- memory_store.remove_preference_impl(p_user_id text, p_key text) RETURNS
--     memory.user_profile
--
-- Removes one preference key. Returns the profile, or NULL when the user
-- has no profile (nothing to remove). updated_at moves only when the key was there.
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.remove_preference_impl(p_user_id, p_key)
--   (as memory.remove_preference calls it)

CREATE OR REPLACE FUNCTION memory_store.remove_preference_impl(p_user_id text, p_key text)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_id('key', memory_store.require('key', p_key));
    UPDATE memory_store.user_profiles AS u
       SET preferences = u.preferences - p_key,
           updated_at  = now()
     WHERE u.user_id = p_user_id AND u.preferences ? p_key
    RETURNING u.user_id, u.created_at, u.updated_at, u.profile_data, u.preferences, u.is_active
    INTO v_row;
    IF NOT FOUND THEN
        RETURN memory_store.get_user_profile_impl(p_user_id);
    END IF;
    RETURN v_row;
END
$fn$;
