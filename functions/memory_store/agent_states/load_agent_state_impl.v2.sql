-- memory_store.load_agent_state_impl(p_agent_id text, p_session_id text)
--     RETURNS memory.agent_state
--
-- The visible state of an agent in a session (or its global state), or
-- NULL when there is none: "no state yet" is the normal first turn of an
-- agent, not an error. An unknown session is MO002.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   memory_store.load_agent_state_impl(p_agent_id, p_session_id)
--   (as memory.load_agent_state calls it)

CREATE OR REPLACE FUNCTION memory_store.load_agent_state_impl(p_agent_id text, p_session_id text)
RETURNS memory.agent_state
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row   memory.agent_state;
    v_owner text := memory_store.current_tenant();
BEGIN
    PERFORM memory_store.check_id('agent_id', memory_store.require('agent_id', p_agent_id));
    PERFORM memory_store.agent_state_session(p_session_id);
    SELECT a.state_id, a.agent_id, a.session_id, a.state_data, a.created_at, a.updated_at, a.expires_at
      INTO v_row
      FROM memory_store.agent_states a
     WHERE a.agent_id = p_agent_id AND a.session_id IS NOT DISTINCT FROM p_session_id
       AND (p_session_id IS NOT NULL OR a.user_id IS NOT DISTINCT FROM v_owner)
       AND (a.expires_at IS NULL OR a.expires_at > now());
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN v_row;
END
$fn$;
