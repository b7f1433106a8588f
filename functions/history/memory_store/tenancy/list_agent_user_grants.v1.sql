-- memory_store.list_agent_user_grants(p_agent_role text DEFAULT NULL::text,
--     p_user_id text DEFAULT NULL::text) RETURNS TABLE(agent_role name,
--     user_id character varying, granted_at timestamp with time zone,
--     granted_by name, role_exists boolean)
--
-- The grants, optionally of one role and/or one user, with whether the
-- role still exists.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.list_agent_user_grants(p_user_id => 'u-1');

CREATE OR REPLACE FUNCTION memory_store.list_agent_user_grants(p_agent_role text DEFAULT NULL, p_user_id text DEFAULT NULL)
RETURNS TABLE (agent_role name, user_id varchar(64), granted_at timestamptz, granted_by name, role_exists boolean)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT g.agent_role, g.user_id, g.granted_at, g.granted_by,
           EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = g.agent_role)
      FROM memory_store.agent_user_grants g
     WHERE (p_agent_role IS NULL OR g.agent_role = p_agent_role)
       AND (p_user_id IS NULL OR g.user_id = p_user_id)
     ORDER BY g.agent_role, g.user_id
$fn$;

COMMENT ON FUNCTION memory_store.list_agent_user_grants(p_agent_role text, p_user_id text) IS 'The agent-user grants, optionally of one agent role and/or one user; role_exists is false for a role dropped since.
Example: SELECT * FROM memory_store.list_agent_user_grants(p_user_id => ''u-1'');';
