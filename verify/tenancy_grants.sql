-- Verify memory-orchestrator:tenancy_grants on pg
BEGIN;

SELECT agent_role, user_id, granted_at, granted_by FROM memory_store.agent_user_grants WHERE false;
SELECT 'memory_store.may_act_for(text)'::regprocedure,
       'memory_store.current_tenant()'::regprocedure,
       'memory_store.sees_all_tenants()'::regprocedure,
       'memory_store.grant_agent_user(text, text)'::regprocedure,
       'memory_store.revoke_agent_user(text, text)'::regprocedure,
       'memory_store.list_agent_user_grants(text, text)'::regprocedure,
       'memory.act_as(text)'::regprocedure;

DO $$
BEGIN
    IF NOT has_function_privilege('memory_agent', 'memory.act_as(text)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.grant_agent_user(text, text)', 'EXECUTE')
       OR NOT has_function_privilege('memory_dba', 'memory_store.grant_agent_user(text, text)', 'EXECUTE')
       OR has_table_privilege('memory_agent', 'memory_store.agent_user_grants', 'SELECT, INSERT, UPDATE, DELETE')
       OR has_table_privilege('memory_dba', 'memory_store.agent_user_grants', 'SELECT, INSERT, UPDATE, DELETE') THEN
        RAISE EXCEPTION 'tenancy grant privileges are wrong';
    END IF;
    -- Fail closed: an empty setting (SET then RESET) is no tenant.
    PERFORM set_config('memory.user_id', '', true);
    IF memory_store.current_tenant() IS NOT NULL THEN
        RAISE EXCEPTION 'current_tenant() must be NULL when memory.user_id is empty';
    END IF;
END
$$;

ROLLBACK;
