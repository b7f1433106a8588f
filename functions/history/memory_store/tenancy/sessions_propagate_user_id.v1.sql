-- memory_store.sessions_propagate_user_id() RETURNS trigger
--
-- sessions: AFTER UPDATE OF user_id, when it changed (a DBA, or an import
-- filling in a stub session): the session's memories and states follow.
--
-- Errors:
--   none of its own
-- Example:
--   trigger sessions_propagate_user_id AFTER UPDATE OF user_id ON memory_store.sessions FOR EACH ROW WHEN (((old.user_id)::text IS DISTINCT FROM (new.user_id)::text)) EXECUTE FUNCTION memory_store.sessions_propagate_user_id()

CREATE OR REPLACE FUNCTION memory_store.sessions_propagate_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.memory_entries e SET user_id = NEW.user_id
     WHERE e.session_id = NEW.session_id AND e.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.agent_states a SET user_id = NEW.user_id
     WHERE a.session_id = NEW.session_id AND a.user_id IS DISTINCT FROM NEW.user_id;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.sessions_propagate_user_id() IS 'Trigger: AFTER UPDATE OF user_id on sessions; the session''s memories and agent states take the new owner.';
