-- memory.get_session(p_session_id text) RETURNS memory.session_record
--
-- Returns a session (also when ended or archived); MO002 when there is no
-- such session.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 55000, MO002
-- Example:
--   SELECT * FROM memory.get_session('s-1');

CREATE OR REPLACE FUNCTION memory.get_session(p_session_id text)
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

COMMENT ON FUNCTION memory.get_session(p_session_id text) IS 'Returns a session (also when ended or archived); MO002 when there is no such session.
Example: SELECT * FROM memory.get_session(''s-1'');';
