-- memory.restore_archived_session(p_session_id text) RETURNS
--     memory.session_record
--
-- memory.restore_archived_session: every archived memory of a session back.
--
-- Errors:
--   22004, 22023, MO002 no such session.
-- Example:
--   SELECT * FROM memory.restore_archived_session('s-1');

CREATE OR REPLACE FUNCTION memory.restore_archived_session(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.session_record;
    v_request jsonb := jsonb_build_object('session_id', p_session_id, 'restore', true, 'archived', true);
BEGIN
    v_result := memory_store.restore_archived_session_impl(p_session_id);
    PERFORM memory_store.audit('update', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.restore_archived_session(p_session_id text) IS 'Moves every archived (unexpired) memory of a session back to the hot tables and clears the session''s is_archived; the session counts as active again from now (the archive job takes it again after archive_after_ended / archive_after_idle). Returns the session. Errors: 22004, 22023, MO002 no such session.
Example: SELECT * FROM memory.restore_archived_session(''s-1'');';
