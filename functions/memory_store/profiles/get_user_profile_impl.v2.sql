-- memory_store.get_user_profile_impl(p_user_id text) RETURNS
--     memory.user_profile
--
-- The profile of a user, or NULL when there is none (a session may precede
-- its user's profile, so "no profile yet" is an answer, not an error).
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.get_user_profile_impl(p_user_id)
--   (as memory.get_user_profile calls it)

CREATE OR REPLACE FUNCTION memory_store.get_user_profile_impl(p_user_id text)
RETURNS memory.user_profile
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    SELECT (memory_store.user_profile_of(u)).* INTO v_row
      FROM memory_store.user_profiles u WHERE u.user_id = p_user_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN v_row;
END
$fn$;
