-- memory_store.clear_agent_state_impl(p_agent_id text, p_session_id text)
--     RETURNS boolean
--
-- Removes the state of an agent in a session (or its global state).
-- Returns true when a visible state was removed; an expired one is removed
-- too but reported as false (it was already gone for readers).
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   memory_store.clear_agent_state_impl(p_agent_id, p_session_id)
--   (as memory.clear_agent_state calls it)

CREATE OR REPLACE FUNCTION memory_store.clear_agent_state_impl(p_agent_id text, p_session_id text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_visible boolean;
    v_owner   text := memory_store.current_tenant();
BEGIN
    PERFORM memory_store.check_id('agent_id', memory_store.require('agent_id', p_agent_id));
    PERFORM memory_store.agent_state_session(p_session_id);
    DELETE FROM memory_store.agent_states a
     WHERE a.agent_id = p_agent_id AND a.session_id IS NOT DISTINCT FROM p_session_id
       AND (p_session_id IS NOT NULL OR a.user_id IS NOT DISTINCT FROM v_owner)
    RETURNING (a.expires_at IS NULL OR a.expires_at > now()) INTO v_visible;
    RETURN coalesce(v_visible, false);
END
$fn$;
