-- memory_store.agent_state_session(p_session_id text) RETURNS text
--
-- The session of a state call: NULL (global state) or an existing session (MO002).
--
-- Errors:
--   MO002 session % not found
--   through the functions it calls: 22023
-- Example:
--   memory_store.agent_state_session(p_session_id)
--   (as memory_store.clear_agent_state_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.agent_state_session(p_session_id text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_session_id IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM memory_store.check_id('session_id', p_session_id);
    IF NOT EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN p_session_id;
END
$fn$;
