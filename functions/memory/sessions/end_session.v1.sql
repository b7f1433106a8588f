-- memory.end_session(p_session_id text, p_summary text DEFAULT NULL::text,
--     p_archive boolean DEFAULT false) RETURNS memory.session_record
--
-- Ends a session: sets ended_at once (ending it again keeps the first
-- ended_at), stores the summary when given, archives when p_archive; MO002
-- when there is no such session.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, 55000, MO002
-- Example:
--   SELECT * FROM memory.end_session('s-1', p_summary => 'Booked a table for two.', p_archive => true);

CREATE OR REPLACE FUNCTION memory.end_session(
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

COMMENT ON FUNCTION memory.end_session(p_session_id text, p_summary text, p_archive boolean) IS 'Ends a session: sets ended_at once (ending it again keeps the first ended_at), stores the summary when given, archives when p_archive; MO002 when there is no such session.
Example: SELECT * FROM memory.end_session(''s-1'', p_summary => ''Booked a table for two.'', p_archive => true);';
