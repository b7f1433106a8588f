-- Deploy memory-orchestrator:tenancy_folds to pg
-- requires: access_log_no_fk
-- One body where tenancy carried two alike (issue 12, point 4); same
-- answers, errors and triggers:
--   session_is_superuser (new)       the question may_act_for v3 and
--                                    sees_all_tenants v3 both ask
--   tenant_policy_switch (new)       row-level security on or off, the old
--                                    policy dropped: apply_tenant_policy v3
--                                    and remove_tenant_policy v2
--   propagate_user_id (new)          the AFTER UPDATE OF user_id trigger of
--                                    sessions and memory_entries, the child
--                                    tables as arguments;
--                                    sessions_propagate_user_id and
--                                    memory_entries_propagate_user_id dropped
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/tenancy/session_is_superuser.v1.sql
\ir ../functions/memory_store/tenancy/may_act_for.v3.sql
\ir ../functions/memory_store/tenancy/sees_all_tenants.v3.sql
\ir ../functions/memory_store/tenancy/tenant_policy_switch.v1.sql
\ir ../functions/memory_store/tenancy/apply_tenant_policy.v3.sql
\ir ../functions/memory_store/tenancy/remove_tenant_policy.v2.sql
-- created by memory_owner (its default privileges: nothing for PUBLIC), then
-- given to memory_maintainer, as tenancy_columns did with its trigger
-- functions (they see every tenant)
\ir ../functions/memory_store/tenancy/propagate_user_id.v1.sql

DROP TRIGGER sessions_propagate_user_id ON memory_store.sessions;
CREATE TRIGGER sessions_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.sessions
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.propagate_user_id('session_id', 'memory_entries:session_id', 'agent_states:session_id');
DROP TRIGGER memory_entries_propagate_user_id ON memory_store.memory_entries;
CREATE TRIGGER memory_entries_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.propagate_user_id('memory_id', 'memory_tags:memory_id', 'vector_embeddings:memory_id',
                                                    'memory_relationships:source_memory_id');

RESET ROLE;

ALTER FUNCTION memory_store.propagate_user_id() OWNER TO memory_maintainer;
-- memory_owner creates the partitions, which clone the parent's triggers.
GRANT EXECUTE ON FUNCTION memory_store.propagate_user_id() TO memory_owner;
DROP FUNCTION memory_store.sessions_propagate_user_id();
DROP FUNCTION memory_store.memory_entries_propagate_user_id();

COMMIT;
