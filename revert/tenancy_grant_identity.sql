-- Revert memory-orchestrator:tenancy_grant_identity from pg
-- Back to grants by name: a name granted twice (a dropped role's grant, then
-- its namesake's) keeps the grant of the role that exists.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/list_agent_user_grants.v1.sql
\ir ../functions/history/memory_store/tenancy/revoke_agent_user.v1.sql
\ir ../functions/history/memory_store/tenancy/grant_agent_user.v1.sql
\ir ../functions/history/memory_store/tenancy/may_act_for.v1.sql

DELETE FROM memory_store.agent_user_grants g
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = g.agent_role_oid)
   AND EXISTS (SELECT 1 FROM memory_store.agent_user_grants o
                WHERE o.user_id = g.user_id AND o.agent_role = g.agent_role AND o.agent_role_oid <> g.agent_role_oid);
ALTER TABLE memory_store.agent_user_grants
    DROP CONSTRAINT agent_user_grants_pkey,
    ADD CONSTRAINT agent_user_grants_pkey PRIMARY KEY (user_id, agent_role),
    DROP COLUMN agent_role_oid;

COMMIT;
