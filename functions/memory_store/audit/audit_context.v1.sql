-- memory_store.audit_context() RETURNS TABLE(agent_id character
--     varying, ip_address character varying, login_role name, user_id text)
--
-- The columns of an audit row that the server fills for every API call:
-- the agent's label (memory_store.current_agent_id), the client's address,
-- the login role that authenticated (session_user) and the tenant the call
-- acts for (memory_store.current_tenant). One place for what
-- memory_store.audit and the reads that write their own audit row
-- (memory_store.read_memory_impl) record. A SQL function the planner
-- inlines into the calling statement: no SET clause (every name
-- qualified, the caller's pinned search_path applies).
--
-- Errors:
--   none of its own
-- Example:
--   INSERT INTO memory_store.memory_access_logs (operation, success, agent_id, ip_address, login_role, user_id)
--   SELECT 'read', true, c.* FROM memory_store.audit_context() c;

CREATE OR REPLACE FUNCTION memory_store.audit_context()
RETURNS TABLE (agent_id varchar(64), ip_address varchar(45), login_role name, user_id text)
LANGUAGE sql STABLE
AS $fn$
    SELECT memory_store.current_agent_id(), pg_catalog.host(pg_catalog.inet_client_addr())::varchar(45),
           session_user, memory_store.current_tenant()
$fn$;

COMMENT ON FUNCTION memory_store.audit_context() IS 'The server-filled columns of an audit row: agent label, client address, login role (session_user), tenant (current_tenant). Inlined into the statement that writes the row.
Example: INSERT INTO memory_store.memory_access_logs (operation, success, agent_id, ip_address, login_role, user_id) SELECT ''read'', true, c.* FROM memory_store.audit_context() c;';
