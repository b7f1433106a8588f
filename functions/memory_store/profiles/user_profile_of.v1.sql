-- memory_store.user_profile_of(p_profile memory_store.user_profiles)
--     RETURNS memory.user_profile
--
-- A stored profile row as the API's memory.user_profile: the one place
-- that lists the answer's columns, for the profile functions to read
-- (`SELECT (memory_store.user_profile_of(u)).* INTO v_row` or `RETURNING`
-- the same). SQL, IMMUTABLE, no SET clause, so that it inlines.
--
-- Errors:
--   none
-- Example:
--   SELECT (memory_store.user_profile_of(u)).* FROM memory_store.user_profiles u WHERE u.user_id = 'u-1';

CREATE OR REPLACE FUNCTION memory_store.user_profile_of(p_profile memory_store.user_profiles)
RETURNS memory.user_profile
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT ROW(p_profile.user_id, p_profile.created_at, p_profile.updated_at, p_profile.profile_data,
               p_profile.preferences, p_profile.is_active)::memory.user_profile
$fn$;

COMMENT ON FUNCTION memory_store.user_profile_of(p_profile memory_store.user_profiles) IS 'A stored profile row as memory.user_profile (the one list of the answer''s columns). Errors: none.
Example: SELECT (memory_store.user_profile_of(u)).* FROM memory_store.user_profiles u WHERE u.user_id = ''u-1'';';
