-- Deploy memory-orchestrator:tenancy_grant_identity to pg
-- requires: lifecycle_job_guard
-- A grant to an agent role names the role's identity (its OID), not its
-- name. By name, a dropped role's grants came back for any new role created
-- under that name and made an agent, with no grant_agent_user call. The
-- grants of roles already dropped are removed here: by identity they serve
-- nobody, and by name they were that hole.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.agent_user_grants ADD COLUMN agent_role_oid oid;
UPDATE memory_store.agent_user_grants g SET agent_role_oid = r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = g.agent_role;
DELETE FROM memory_store.agent_user_grants WHERE agent_role_oid IS NULL;
ALTER TABLE memory_store.agent_user_grants
    ALTER COLUMN agent_role_oid SET NOT NULL,
    DROP CONSTRAINT agent_user_grants_pkey,
    ADD CONSTRAINT agent_user_grants_pkey PRIMARY KEY (user_id, agent_role_oid);
COMMENT ON COLUMN memory_store.agent_user_grants.agent_role_oid IS
    'The granted role''s OID: the grant''s identity. It dies with the role; agent_role is the role''s name at grant time, for people.';

\ir ../functions/history/memory_store/tenancy/may_act_for.v2.sql
\ir ../functions/memory_store/tenancy/grant_agent_user.v2.sql
\ir ../functions/memory_store/tenancy/revoke_agent_user.v2.sql
\ir ../functions/memory_store/tenancy/list_agent_user_grants.v2.sql

COMMIT;
