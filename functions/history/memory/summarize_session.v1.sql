-- memory.summarize_session(...): an extractive summary of a session's
-- visible memories, stored in sessions.summary when p_store. One audit row
-- per call: operation update when p_store, else read.
CREATE FUNCTION memory.summarize_session(
    p_session_id     text,
    p_memory_types   text[] DEFAULT NULL,
    p_created_after  timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_max_sentences  integer DEFAULT 5,
    p_store          boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('session_id', p_session_id, 'memory_types', p_memory_types,
                                          'created_after', p_created_after, 'created_before', p_created_before,
                                          'max_sentences', p_max_sentences, 'store', p_store);
    v_operation text := CASE WHEN coalesce(p_store, false) THEN 'update' ELSE 'read' END;
    v_summary text;
BEGIN
    SELECT r.summary INTO v_summary
      FROM memory_store.summarize_session_impl(p_session_id, p_memory_types, p_created_after, p_created_before,
                                               p_max_sentences, p_store) AS r;
    PERFORM memory_store.audit(v_operation, NULL, p_session_id, v_request, true);
    RETURN v_summary;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous(v_operation, NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.summarize_session(text, text[], timestamptz, timestamptz, integer, boolean) IS
$$Summarizes a session's visible memories (optionally of some memory types, created in [p_created_after, p_created_before)) in at most p_max_sentences (1..50) of their sentences; stores it in the session's summary when p_store. NULL when there is no visible text (nothing is stored then); MO002 when there is no such session.
Example: SELECT memory.summarize_session('s-1', p_memory_types => ARRAY['conversation'], p_max_sentences => 3, p_store => true);$$;
