-- memory_store.agent_states_set_user_id() RETURNS trigger
--
-- agent_states: BEFORE INSERT OR UPDATE OF session_id, user_id. When a
-- session is deleted its states fall back to session_id NULL (seed: ON
-- DELETE SET NULL) and stay their user's: they become that user's global
-- state of the agent, never everyone's.
--
-- Errors:
--   none of its own
-- Example:
--   trigger agent_states_set_user_id BEFORE INSERT OR UPDATE OF session_id, user_id ON memory_store.agent_states FOR EACH ROW EXECUTE FUNCTION memory_store.agent_states_set_user_id()

CREATE OR REPLACE FUNCTION memory_store.agent_states_set_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    NEW.user_id := memory_store.user_id_by_session(NEW.session_id, NEW.user_id, TG_OP = 'INSERT');
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.agent_states_set_user_id() IS 'Trigger: BEFORE INSERT OR UPDATE OF session_id, user_id on agent_states; user_id = the session''s user, or (global state) the tenant the writer acts for.';
