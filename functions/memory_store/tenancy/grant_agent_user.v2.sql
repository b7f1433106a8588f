-- memory_store.grant_agent_user(p_agent_role text, p_user_id text) RETURNS
--     TABLE(agent_role name, user_id character varying, granted_at
--     timestamp with time zone, granted_by name)
--
-- Lets an agent role act for a user (idempotent: the first grant's time and
-- grantor stay). The grant is bound to the role's OID: it dies with the
-- role, and a new role created under the same name gets nothing from it.
-- Returns the grant.
--
-- Errors:
--   22004 missing, 22023 unknown role, not a member of memory_agent, a
--   superuser, or a bad user id.
-- Example:
--   SELECT * FROM memory_store.grant_agent_user('voice_assistant', 'u-1');

CREATE OR REPLACE FUNCTION memory_store.grant_agent_user(p_agent_role text, p_user_id text)
RETURNS TABLE (agent_role name, user_id varchar(64), granted_at timestamptz, granted_by name)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user text := memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    v_role name := memory_store.check_agent_role(p_agent_role);
BEGIN
    -- The grant names the role's identity; agent_role keeps its name for people.
    INSERT INTO memory_store.agent_user_grants AS g (agent_role, agent_role_oid, user_id)
    SELECT v_role, r.oid, v_user FROM pg_catalog.pg_roles r WHERE r.rolname = v_role
    ON CONFLICT ON CONSTRAINT agent_user_grants_pkey DO NOTHING;
    RETURN QUERY
    SELECT g.agent_role, g.user_id, g.granted_at, g.granted_by
      FROM memory_store.agent_user_grants g
      JOIN pg_catalog.pg_roles r ON r.oid = g.agent_role_oid
     WHERE r.rolname = v_role AND g.user_id = v_user;
END
$fn$;

COMMENT ON FUNCTION memory_store.grant_agent_user(p_agent_role text, p_user_id text) IS 'Lets the agent role act for the user (memory.act_as, envelope user_id); idempotent. Errors: 22004 missing, 22023 unknown role, not a member of memory_agent, a superuser, or a bad user id.
Example: SELECT * FROM memory_store.grant_agent_user(''voice_assistant'', ''u-1'');';
