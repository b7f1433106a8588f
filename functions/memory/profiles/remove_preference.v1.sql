-- memory.remove_preference(p_user_id text, p_key text) RETURNS
--     memory.user_profile
--
-- Removes one key of a user's preferences (a missing key is not an error);
-- returns the profile, or NULL when the user has no profile.
--
-- Errors:
--   22004 missing argument, 22023 malformed user_id or key.
-- Example:
--   SELECT (memory.remove_preference('u-1', 'voice')).preferences;

CREATE OR REPLACE FUNCTION memory.remove_preference(p_user_id text, p_key text)
RETURNS memory.user_profile
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id, 'key', p_key);
    v_result  memory.user_profile;
BEGIN
    v_result := memory_store.remove_preference_impl(p_user_id, p_key);
    PERFORM memory_store.audit('update', NULL, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.remove_preference(p_user_id text, p_key text) IS 'Removes one key of a user''s preferences (a missing key is not an error); returns the profile, or NULL when the user has no profile. Errors: 22004 missing argument, 22023 malformed user_id or key.
Example: SELECT (memory.remove_preference(''u-1'', ''voice'')).preferences;';
