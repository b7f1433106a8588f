-- memory_store.sessions_merge_agent_states() RETURNS trigger
--
-- Trigger: BEFORE DELETE on sessions; keeps one global agent state per
-- agent and user when session states fall back to session_id NULL (the
-- newer state wins).
--
-- Errors:
--   none of its own
-- Example:
--   trigger sessions_merge_agent_states BEFORE DELETE ON memory_store.sessions FOR EACH ROW EXECUTE FUNCTION memory_store.sessions_merge_agent_states()

CREATE OR REPLACE FUNCTION memory_store.sessions_merge_agent_states()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- The session's state is newer: drop the user's older global state of the agent.
    DELETE FROM memory_store.agent_states AS global_state
     USING memory_store.agent_states AS session_state
     WHERE session_state.session_id = OLD.session_id
       AND global_state.agent_id = session_state.agent_id
       AND global_state.session_id IS NULL
       AND global_state.user_id IS NOT DISTINCT FROM session_state.user_id
       AND global_state.updated_at <= session_state.updated_at;
    -- The global state is newer: drop the session's state.
    DELETE FROM memory_store.agent_states AS session_state
     USING memory_store.agent_states AS global_state
     WHERE session_state.session_id = OLD.session_id
       AND global_state.agent_id = session_state.agent_id
       AND global_state.session_id IS NULL
       AND global_state.user_id IS NOT DISTINCT FROM session_state.user_id;
    RETURN OLD;
END
$fn$;

COMMENT ON FUNCTION memory_store.sessions_merge_agent_states() IS 'Trigger: BEFORE DELETE on sessions; keeps one global agent state per agent and user when session states fall back to session_id NULL (the newer state wins).';
