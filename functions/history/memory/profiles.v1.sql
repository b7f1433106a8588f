-- The agent API for user profiles and preferences:
-- memory.upsert_user_profile, memory.set_preference,
-- memory.remove_preference, memory.get_user_profile. Each call writes one
-- audit row (writes: update, get: read), successful or not; the user id is
-- in its request_data.

CREATE FUNCTION memory.upsert_user_profile(p_user_id text, p_profile_data jsonb DEFAULT NULL,
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

COMMENT ON FUNCTION memory.upsert_user_profile(text, jsonb, jsonb, boolean) IS
$$Creates or updates a user's profile. Merge semantics: each given (non-NULL) argument replaces that field as a whole, a NULL argument keeps the stored value (a new profile: NULL fields, is_active true). profile_data and preferences must be JSON objects of at most limits().max_content_bytes. To change one preference key use memory.set_preference. Errors: 22004 missing user_id, 22023 malformed user_id / not an object, 54000 too big.
Example: SELECT * FROM memory.upsert_user_profile('u-1', p_profile_data => '{"name": "Ada"}', p_preferences => '{"language": "en"}');$$;

CREATE FUNCTION memory.set_preference(p_user_id text, p_key text, p_value jsonb)
RETURNS memory.user_profile
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id, 'key', p_key, 'value', p_value);
    v_result  memory.user_profile;
BEGIN
    v_result := memory_store.set_preference_impl(p_user_id, p_key, p_value);
    PERFORM memory_store.audit('update', NULL, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.set_preference(text, text, jsonb) IS
$$Sets one key of a user's preferences (any JSON value; the other keys are kept), creating the profile when missing; returns the profile. Errors: 22004 missing argument (SQL NULL value: use memory.remove_preference), 22023 malformed user_id or key, 54000 preferences would grow over limits().max_content_bytes.
Example: SELECT (memory.set_preference('u-1', 'voice', '"calm"')).preferences;$$;

CREATE FUNCTION memory.remove_preference(p_user_id text, p_key text)
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

COMMENT ON FUNCTION memory.remove_preference(text, text) IS
$$Removes one key of a user's preferences (a missing key is not an error); returns the profile, or NULL when the user has no profile. Errors: 22004 missing argument, 22023 malformed user_id or key.
Example: SELECT (memory.remove_preference('u-1', 'voice')).preferences;$$;

CREATE FUNCTION memory.get_user_profile(p_user_id text)
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

COMMENT ON FUNCTION memory.get_user_profile(text) IS
$$A user's profile, or NULL (every column NULL) when the user has none yet: no profile is an answer, not an error. Errors: 22004 missing user_id, 22023 malformed user_id.
Example: SELECT * FROM memory.get_user_profile('u-1');$$;
