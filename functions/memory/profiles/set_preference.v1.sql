-- memory.set_preference(p_user_id text, p_key text, p_value jsonb) RETURNS
--     memory.user_profile
--
-- Sets one key of a user's preferences (any JSON value; the other keys are
-- kept), creating the profile when missing; returns the profile.
--
-- Errors:
--   22004 missing argument (SQL NULL value: use
--   memory.remove_preference), 22023 malformed user_id or key, 54000
--   preferences would grow over limits().max_content_bytes.
-- Example:
--   SELECT (memory.set_preference('u-1', 'voice', '"calm"')).preferences;

CREATE OR REPLACE FUNCTION memory.set_preference(p_user_id text, p_key text, p_value jsonb)
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

COMMENT ON FUNCTION memory.set_preference(p_user_id text, p_key text, p_value jsonb) IS 'Sets one key of a user''s preferences (any JSON value; the other keys are kept), creating the profile when missing; returns the profile. Errors: 22004 missing argument (SQL NULL value: use memory.remove_preference), 22023 malformed user_id or key, 54000 preferences would grow over limits().max_content_bytes.
Example: SELECT (memory.set_preference(''u-1'', ''voice'', ''"calm"'')).preferences;';
