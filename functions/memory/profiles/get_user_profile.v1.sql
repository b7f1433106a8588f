-- memory.get_user_profile(p_user_id text) RETURNS memory.user_profile
--
-- A user's profile, or NULL (every column NULL) when the user has none yet:
-- no profile is an answer, not an error.
--
-- Errors:
--   22004 missing user_id, 22023 malformed user_id.
-- Example:
--   SELECT * FROM memory.get_user_profile('u-1');

CREATE OR REPLACE FUNCTION memory.get_user_profile(p_user_id text)
RETURNS memory.user_profile
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id);
    v_result  memory.user_profile;
BEGIN
    v_result := memory_store.get_user_profile_impl(p_user_id);
    PERFORM memory_store.audit('read', NULL, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.get_user_profile(p_user_id text) IS 'A user''s profile, or NULL (every column NULL) when the user has none yet: no profile is an answer, not an error. Errors: 22004 missing user_id, 22023 malformed user_id.
Example: SELECT * FROM memory.get_user_profile(''u-1'');';
