-- Revert memory-orchestrator:tenancy_grants from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory.act_as(text);
DROP FUNCTION memory_store.list_agent_user_grants(text, text);
DROP FUNCTION memory_store.revoke_agent_user(text, text);
DROP FUNCTION memory_store.grant_agent_user(text, text);
DROP FUNCTION memory_store.check_agent_role(text);
DROP FUNCTION memory_store.sees_all_tenants();
DROP FUNCTION memory_store.current_tenant();
DROP FUNCTION memory_store.may_act_for(text);
DROP TABLE memory_store.agent_user_grants;

COMMIT;
