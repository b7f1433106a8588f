-- memory_store.session_record_of(p_session memory_store.sessions) RETURNS
--     memory.session_record
--
-- The session row as memory.session_record.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.session_record_of(v_row)
--   (as memory_store.end_session_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.session_record_of(p_session memory_store.sessions)
RETURNS memory.session_record
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT ROW(p_session.session_id, p_session.user_id, p_session.session_type, p_session.created_at,
               p_session.updated_at, p_session.ended_at, p_session.metadata, p_session.summary,
               p_session.is_archived)::memory.session_record
$fn$;
