-- memory_store.upsert_user_profile_impl(p_user_id text, p_profile_data
--     jsonb, p_preferences jsonb, p_is_active boolean) RETURNS
--     memory.user_profile
--
-- Creates or updates a profile. Merge semantics: a given (non-NULL)
-- argument replaces the stored field as a whole; a NULL argument keeps it.
-- A new profile starts with the given fields (NULL otherwise) and
-- is_active true unless given. updated_at moves on every call.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000
-- Example:
--   memory_store.upsert_user_profile_impl(p_user_id, p_profile_data,
--       p_preferences, p_is_active)
--   (as memory.upsert_user_profile calls it)

CREATE OR REPLACE FUNCTION memory_store.upsert_user_profile_impl(p_user_id text, p_profile_data jsonb,
                                                      p_preferences jsonb, p_is_active boolean)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_profile_object('profile_data', p_profile_data);
    PERFORM memory_store.check_profile_object('preferences', p_preferences);
    INSERT INTO memory_store.user_profiles AS u (user_id, profile_data, preferences, is_active)
    VALUES (p_user_id, p_profile_data, p_preferences, coalesce(p_is_active, true))
    ON CONFLICT ON CONSTRAINT user_profiles_pkey DO UPDATE
       SET profile_data = coalesce(p_profile_data, u.profile_data),
           preferences  = coalesce(p_preferences, u.preferences),
           is_active    = coalesce(p_is_active, u.is_active),
           updated_at   = now()
    RETURNING (memory_store.user_profile_of(u)).*
    INTO v_row;
    RETURN v_row;
END
$fn$;
