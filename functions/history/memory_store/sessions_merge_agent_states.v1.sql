-- memory_store.sessions_merge_agent_states(): BEFORE DELETE on sessions.
--
-- agent_states.session_id is ON DELETE SET NULL (seed), and an agent has at
-- most one global state (session_id NULL, UNIQUE NULLS NOT DISTINCT). When a
-- session goes, its per-session state would become a second global state and
-- the DELETE of the session would fail. Resolve it before the cascade: of the
-- agent's global state and the session's state, the more recently updated one
-- survives (and becomes the global state through SET NULL).
CREATE FUNCTION memory_store.sessions_merge_agent_states()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- The session's state is newer: drop the agent's older global state.
    DELETE FROM memory_store.agent_states AS global_state
     USING memory_store.agent_states AS session_state
     WHERE session_state.session_id = OLD.session_id
       AND global_state.agent_id = session_state.agent_id
       AND global_state.session_id IS NULL
       AND global_state.updated_at <= session_state.updated_at;
    -- The global state is newer: drop the session's state.
    DELETE FROM memory_store.agent_states AS session_state
     USING memory_store.agent_states AS global_state
     WHERE session_state.session_id = OLD.session_id
       AND global_state.agent_id = session_state.agent_id
       AND global_state.session_id IS NULL;
    RETURN OLD;
END
$fn$;

COMMENT ON FUNCTION memory_store.sessions_merge_agent_states() IS
'Trigger: BEFORE DELETE on sessions; keeps one global agent state per agent when session states fall back to session_id NULL (the newer state wins).';
