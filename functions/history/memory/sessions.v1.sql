-- The session API: start, end, touch and read a session. Each call writes
-- one audit row (operation create / update / update / read), also when it
-- fails (memory_store.audit_autonomous). The logic is in
-- functions/memory_store/sessions_impl.v1.sql.

CREATE FUNCTION memory.start_session(
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

COMMENT ON FUNCTION memory.start_session(text, text, text, jsonb) IS
$$Starts a session (id generated as 's-<uuid>' when not given) and returns it; the same id for the same user returns the existing session unchanged; the same id for another user raises 22023; metadata must be a JSON object.
Example: SELECT * FROM memory.start_session(p_user_id => 'u-42', p_metadata => '{"channel": "voice"}');$$;

CREATE FUNCTION memory.end_session(
    p_session_id text,
    p_summary    text DEFAULT NULL,
    p_archive    boolean DEFAULT false)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('session_id', p_session_id, 'summary_chars', length(p_summary),
                                          'archive', p_archive);
    v_result  memory.session_record;
BEGIN
    v_result := memory_store.end_session_impl(p_session_id, p_summary, p_archive);
    PERFORM memory_store.audit('update', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.end_session(text, text, boolean) IS
$$Ends a session: sets ended_at once (ending it again keeps the first ended_at), stores the summary when given, archives when p_archive; MO002 when there is no such session.
Example: SELECT * FROM memory.end_session('s-1', p_summary => 'Booked a table for two.', p_archive => true);$$;

CREATE FUNCTION memory.touch_session(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('session_id', p_session_id);
    v_result  memory.session_record;
BEGIN
    v_result := memory_store.touch_session_impl(p_session_id);
    PERFORM memory_store.audit('update', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.touch_session(text) IS
$$Marks a session as used: moves updated_at to now (never backwards); MO002 when there is no such session.
Example: SELECT updated_at FROM memory.touch_session('s-1');$$;

CREATE FUNCTION memory.get_session(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('session_id', p_session_id);
    v_result  memory.session_record;
BEGIN
    v_result := memory_store.get_session_impl(p_session_id);
    PERFORM memory_store.audit('read', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.get_session(text) IS
$$Returns a session (also when ended or archived); MO002 when there is no such session.
Example: SELECT * FROM memory.get_session('s-1');$$;
