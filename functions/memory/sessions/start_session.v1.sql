-- memory.start_session(p_session_id text DEFAULT NULL::text, p_user_id text
--     DEFAULT NULL::text, p_session_type text DEFAULT 'conversation'::text,
--     p_metadata jsonb DEFAULT NULL::jsonb) RETURNS memory.session_record
--
-- Starts a session (id generated as 's-<uuid>' when not given) and returns
-- it; the same id for the same user returns the existing session unchanged;
-- the same id for another user raises 22023; metadata must be a JSON
-- object.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 40001, 54000, 55000
-- Example:
--   SELECT * FROM memory.start_session(p_user_id => 'u-42', p_metadata => '{"channel": "voice"}');

CREATE OR REPLACE FUNCTION memory.start_session(
    p_session_id   text DEFAULT NULL,
    p_user_id      text DEFAULT NULL,
    p_session_type text DEFAULT 'conversation',
    p_metadata     jsonb DEFAULT NULL)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('session_id', p_session_id, 'user_id', p_user_id,
                                          'session_type', p_session_type, 'metadata', p_metadata);
    v_result  memory.session_record;
BEGIN
    v_result := memory_store.start_session_impl(p_session_id, p_user_id, p_session_type, p_metadata);
    PERFORM memory_store.audit('create', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.start_session(p_session_id text, p_user_id text, p_session_type text, p_metadata jsonb) IS 'Starts a session (id generated as ''s-<uuid>'' when not given) and returns it; the same id for the same user returns the existing session unchanged; the same id for another user raises 22023; metadata must be a JSON object.
Example: SELECT * FROM memory.start_session(p_user_id => ''u-42'', p_metadata => ''{"channel": "voice"}'');';
