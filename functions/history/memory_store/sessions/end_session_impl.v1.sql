-- memory_store.end_session_impl(p_session_id text, p_summary text,
--     p_archive boolean) RETURNS memory.session_record
--
-- end: sets ended_at once (ending an ended session keeps the first
-- ended_at), the summary when one is given, and archives when asked
-- (archiving is never undone here).
--
-- Errors:
--   54000 summary is % bytes, the limit is %
--   MO002 session % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.end_session_impl(p_session_id, p_summary, p_archive)
--   (as memory.end_session calls it)

CREATE OR REPLACE FUNCTION memory_store.end_session_impl(p_session_id text, p_summary text, p_archive boolean)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    IF octet_length(p_summary) > (SELECT l.max_content_bytes FROM memory_store.limits() AS l) THEN
        RAISE EXCEPTION 'summary is % bytes, the limit is %', octet_length(p_summary),
                        (SELECT l.max_content_bytes FROM memory_store.limits() AS l)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    -- A concurrent end waits for the row lock and then re-evaluates on the
    -- committed row, so coalesce keeps the first ended_at.
    UPDATE memory_store.sessions AS s
       SET ended_at    = coalesce(s.ended_at, now()),
           summary     = coalesce(p_summary, s.summary),
           is_archived = s.is_archived OR coalesce(p_archive, false),
           updated_at  = greatest(s.updated_at, now())
     WHERE s.session_id = v_session_id
    RETURNING s.* INTO v_row;
    IF v_row.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;
