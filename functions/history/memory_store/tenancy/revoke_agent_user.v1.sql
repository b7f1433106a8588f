-- memory_store.revoke_agent_user(p_agent_role text, p_user_id text) RETURNS
--     boolean
--
-- Withdraws a grant; true when there was one. The role need not exist any
-- more (a dropped role's grants can be cleaned up).
--
-- Errors:
--   22004 missing, 22023 bad user id.
-- Example:
--   SELECT memory_store.revoke_agent_user('voice_assistant', 'u-1');

CREATE OR REPLACE FUNCTION memory_store.revoke_agent_user(p_agent_role text, p_user_id text)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_removed integer;
BEGIN
    PERFORM memory_store.require('agent_role', p_agent_role);
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    DELETE FROM memory_store.agent_user_grants g WHERE g.agent_role = p_agent_role AND g.user_id = p_user_id;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    RETURN v_removed > 0;
END
$fn$;

COMMENT ON FUNCTION memory_store.revoke_agent_user(p_agent_role text, p_user_id text) IS 'Withdraws the agent role''s grant for the user; returns whether there was one. Sessions acting for the user lose its rows at their next statement. Errors: 22004 missing, 22023 bad user id.
Example: SELECT memory_store.revoke_agent_user(''voice_assistant'', ''u-1'');';
