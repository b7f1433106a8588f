-- Deploy memory-orchestrator:tenancy_folds to pg
-- requires: access_log_no_fk
-- One body where tenancy carried two alike (issue 12, point 4); same
-- answers, errors and triggers:
--   session_is_superuser (new)       the question may_act_for v3 and
--                                    sees_all_tenants v3 both ask
--   tenant_policy_switch (new)       row-level security on or off, the old
--                                    policy dropped: apply_tenant_policy v3
--                                    and remove_tenant_policy v2
--   set_user_id_from_memory v3       takes the memory id's column as its
--                                    argument: memory_relationships' trigger
--                                    uses it ('source_memory_id');
--                                    memory_relationships_set_user_id dropped
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

-- The trigger functions belong to memory_maintainer (they see every tenant).
RESET ROLE;

\ir ../functions/memory_store/tenancy/set_user_id_from_memory.v3.sql
\ir ../functions/memory_store/tenancy/propagate_user_id.v1.sql
ALTER FUNCTION memory_store.propagate_user_id() OWNER TO memory_maintainer;
-- memory_owner creates the partitions, which clone the parent's triggers.
GRANT EXECUTE ON FUNCTION memory_store.propagate_user_id() TO memory_owner;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_relationships_set_user_id ON memory_store.memory_relationships;
CREATE TRIGGER memory_relationships_set_user_id
    BEFORE INSERT OR UPDATE OF source_memory_id, user_id ON memory_store.memory_relationships
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory('source_memory_id');
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

DROP FUNCTION memory_store.memory_relationships_set_user_id();
DROP FUNCTION memory_store.sessions_propagate_user_id();
DROP FUNCTION memory_store.memory_entries_propagate_user_id();

COMMIT;
