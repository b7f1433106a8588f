-- memory_store.restore_archived_session_impl(p_session_id text) RETURNS
--     memory.session_record
--
-- Restores every archived (unexpired) memory of a session and clears its
-- is_archived; returns the session. MO002 when there is no such session.
-- Restoring a session that is not archived and has nothing archived returns
-- it unchanged.
--
-- Errors:
--   MO002 session % not found
--   through the functions it calls: 22023, 39004, 55000
-- Example:
--   memory_store.restore_archived_session_impl(p_session_id)
--   (as memory.restore_archived_session calls it)

CREATE OR REPLACE FUNCTION memory_store.restore_archived_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    PERFORM 1 FROM memory_store.sessions s WHERE s.session_id = v_session_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    PERFORM memory_store.archive_restore(ARRAY(
        SELECT a.memory_id FROM memory_archive.memory_entries a
         WHERE a.session_id = v_session_id AND (a.expires_at IS NULL OR a.expires_at > now())));
    -- Also when nothing was archived yet (the job marks first, moves after).
    UPDATE memory_store.sessions s SET is_archived = false WHERE s.session_id = v_session_id AND s.is_archived;
    SELECT s.* INTO v_row FROM memory_store.sessions s WHERE s.session_id = v_session_id;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;
