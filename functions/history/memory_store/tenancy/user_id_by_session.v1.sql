-- memory_store.user_id_by_session(p_session_id text, p_user_id text,
--     p_inserting boolean) RETURNS text
--
-- The user_id a row of a session-scoped table takes: its session's user
-- when it names a session; else, for a new row, the user_id it brings or the
-- tenant the writer acts for; else (an update without a session) the
-- user_id it has. What memories and agent states share.
--
-- Errors:
--   none of its own
-- Example:
--   NEW.user_id := memory_store.user_id_by_session(NEW.session_id, NEW.user_id, TG_OP = 'INSERT');
--   (as memory_store.memory_entries_set_user_id calls it)

CREATE OR REPLACE FUNCTION memory_store.user_id_by_session(p_session_id text, p_user_id text, p_inserting boolean)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN p_session_id IS NOT NULL
                THEN (SELECT s.user_id FROM memory_store.sessions s WHERE s.session_id = p_session_id)
                WHEN p_inserting THEN coalesce(p_user_id, memory_store.current_tenant())
                ELSE p_user_id END
$fn$;

COMMENT ON FUNCTION memory_store.user_id_by_session(p_session_id text, p_user_id text, p_inserting boolean) IS 'The user_id a session-scoped row takes: its session''s user; else for a new row its own or the acting tenant; else unchanged.
Example: NEW.user_id := memory_store.user_id_by_session(NEW.session_id, NEW.user_id, TG_OP = ''INSERT'');';
