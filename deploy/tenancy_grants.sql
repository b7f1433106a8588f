-- Deploy memory-orchestrator:tenancy_grants to pg
-- requires: api_support
-- requires: maintainer_role
-- requires: audit_autonomous
-- Tenancy, part 1: which agent may act for which user. The grant lives in
-- the database (memory_store.agent_user_grants, changed by a DBA through
-- grant_agent_user / revoke_agent_user), not in client code. An agent
-- session names the user it acts for in the setting memory.user_id
-- (memory.act_as, or the envelope's user_id); memory_store.current_tenant()
-- trusts the setting only when the session's login role holds a grant for
-- that user. The row-level security policies built on it are in
-- tenancy_policies (README, "Security model").
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.agent_user_grants (
    agent_role name NOT NULL,
    user_id    varchar(64) NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    granted_by name NOT NULL DEFAULT session_user,
    -- user first: memory_store.may_act_for looks grants up by user, once per
    -- statement of every agent session
    CONSTRAINT agent_user_grants_pkey PRIMARY KEY (user_id, agent_role)
);
COMMENT ON TABLE memory_store.agent_user_grants IS
    'Tenancy: agent role agent_role (its members) may act for user user_id; changed through memory_store.grant_agent_user / revoke_agent_user';

\ir ../functions/history/memory_store/tenancy.v1.sql
\ir ../functions/history/memory_store/agent_user_grants.v1.sql
\ir ../functions/history/memory/act_as.v1.sql

GRANT EXECUTE ON FUNCTION memory.act_as(text) TO memory_agent;
GRANT EXECUTE ON FUNCTION
    memory_store.grant_agent_user(text, text),
    memory_store.revoke_agent_user(text, text),
    memory_store.list_agent_user_grants(text, text)
TO memory_dba;
-- The loopback audit writer reads session ids under the policies of
-- tenancy_policies, which call these two.
GRANT EXECUTE ON FUNCTION memory_store.current_tenant(), memory_store.sees_all_tenants() TO memory_audit_writer;

COMMIT;
