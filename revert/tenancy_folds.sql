-- Revert memory-orchestrator:tenancy_folds from pg
-- The two bodies of each again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/sessions_propagate_user_id.v1.sql
\ir ../functions/history/memory_store/tenancy/memory_entries_propagate_user_id.v1.sql
DROP TRIGGER sessions_propagate_user_id ON memory_store.sessions;
CREATE TRIGGER sessions_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.sessions
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.sessions_propagate_user_id();
DROP TRIGGER memory_entries_propagate_user_id ON memory_store.memory_entries;
CREATE TRIGGER memory_entries_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.memory_entries_propagate_user_id();

\ir ../functions/history/memory_store/tenancy/may_act_for.v2.sql
\ir ../functions/history/memory_store/tenancy/sees_all_tenants.v2.sql
\ir ../functions/history/memory_store/tenancy/apply_tenant_policy.v2.sql
\ir ../functions/history/memory_store/tenancy/remove_tenant_policy.v1.sql
DROP FUNCTION memory_store.tenant_policy_switch(regclass, boolean);
DROP FUNCTION memory_store.session_is_superuser();

RESET ROLE;

ALTER FUNCTION memory_store.sessions_propagate_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.memory_entries_propagate_user_id() OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.sessions_propagate_user_id(), memory_store.memory_entries_propagate_user_id()
    TO memory_owner;
DROP FUNCTION memory_store.propagate_user_id();

COMMIT;
