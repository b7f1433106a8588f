-- memory.upsert_user_profile(p_user_id text, p_profile_data jsonb DEFAULT
--     NULL::jsonb, p_preferences jsonb DEFAULT NULL::jsonb, p_is_active
--     boolean DEFAULT NULL::boolean) RETURNS memory.user_profile
--
-- The agent API for user profiles and preferences:
-- memory.upsert_user_profile, memory.set_preference,
-- memory.remove_preference, memory.get_user_profile. Each call writes one
-- audit row (writes: update, get: read), successful or not; the user id is
-- in its request_data.
--
-- Errors:
--   22004 missing user_id, 22023 malformed user_id / not an object, 54000
--   too big.
-- Example:
--   SELECT * FROM memory.upsert_user_profile('u-1', p_profile_data => '{"name": "Ada"}', p_preferences => '{"language": "en"}');

CREATE OR REPLACE FUNCTION memory.upsert_user_profile(p_user_id text, p_profile_data jsonb DEFAULT NULL,
                                           p_preferences jsonb DEFAULT NULL, p_is_active boolean DEFAULT NULL)
RETURNS memory.user_profile
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id, 'profile_data', p_profile_data,
                                          'preferences', p_preferences, 'is_active', p_is_active);
    v_result  memory.user_profile;
BEGIN
    v_result := memory_store.upsert_user_profile_impl(p_user_id, p_profile_data, p_preferences, p_is_active);
    PERFORM memory_store.audit('update', NULL, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.upsert_user_profile(p_user_id text, p_profile_data jsonb, p_preferences jsonb, p_is_active boolean) IS 'Creates or updates a user''s profile. Merge semantics: each given (non-NULL) argument replaces that field as a whole, a NULL argument keeps the stored value (a new profile: NULL fields, is_active true). profile_data and preferences must be JSON objects of at most limits().max_content_bytes. To change one preference key use memory.set_preference. Errors: 22004 missing user_id, 22023 malformed user_id / not an object, 54000 too big.
Example: SELECT * FROM memory.upsert_user_profile(''u-1'', p_profile_data => ''{"name": "Ada"}'', p_preferences => ''{"language": "en"}'');';
