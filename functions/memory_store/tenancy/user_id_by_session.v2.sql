-- memory_store.user_id_by_session(p_session_id text, p_user_id text,
--     p_inserting boolean) RETURNS text
--
-- The user_id a row of a session-scoped table takes: its session's user
-- when it names a session; else, for a new row, the user_id it brings or the
-- tenant the writer acts for; else (an update without a session) the
-- user_id it has. What memories and agent states share.
-- PL/pgSQL, so the session look-up is planned once per session: an SQL
-- function that is not inlined (a subquery in its body, or a SET clause
-- keeps it from inlining) is planned again on every call, and this runs
-- for every memory written. No SET clause: its callers are the SECURITY
-- DEFINER triggers, which pin search_path, and it names only qualified
-- objects and built-ins.
--
-- Errors:
--   none of its own
-- Example:
--   NEW.user_id := memory_store.user_id_by_session(NEW.session_id, NEW.user_id, TG_OP = 'INSERT');
--   (as memory_store.memory_entries_set_user_id calls it)

CREATE OR REPLACE FUNCTION memory_store.user_id_by_session(p_session_id text, p_user_id text, p_inserting boolean)
RETURNS text
LANGUAGE plpgsql STABLE
AS $fn$
BEGIN
    IF p_session_id IS NOT NULL THEN
        RETURN (SELECT s.user_id::text FROM memory_store.sessions s WHERE s.session_id = p_session_id);
    END IF;
    IF p_inserting THEN
        RETURN coalesce(p_user_id, memory_store.current_tenant());
    END IF;
    RETURN p_user_id;
END
$fn$;

COMMENT ON FUNCTION memory_store.user_id_by_session(p_session_id text, p_user_id text, p_inserting boolean) IS 'The user_id a session-scoped row takes: its session''s user; else for a new row its own or the acting tenant; else unchanged.
Example: NEW.user_id := memory_store.user_id_by_session(NEW.session_id, NEW.user_id, TG_OP = ''INSERT'');';
