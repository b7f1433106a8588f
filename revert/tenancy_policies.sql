-- Revert memory-orchestrator:tenancy_policies from pg
BEGIN;

ALTER FUNCTION memory_store.vector_embeddings_refuse_sensitive() OWNER TO memory_owner;
ALTER FUNCTION memory_store.touch_sessions_of_new_rows() OWNER TO memory_owner;
ALTER FUNCTION memory_store.import_purge(bigint) OWNER TO memory_owner;
ALTER FUNCTION memory_store.reconcile(bigint) OWNER TO memory_owner;
ALTER FUNCTION memory_store.import_run(bigint, integer) OWNER TO memory_owner;
ALTER FUNCTION memory_store.import_begin(text, text) OWNER TO memory_owner;
ALTER FUNCTION memory_store.purge_soft_deleted_batch(integer, interval) OWNER TO memory_owner;
ALTER FUNCTION memory_store.purge_expired_batch(integer) OWNER TO memory_owner;

ALTER FUNCTION memory_store.create_monthly_partition(regclass, date) OWNER TO memory_owner;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.create_monthly_partition(regclass, date);
\ir ../functions/history/memory_store/create_monthly_partition.v1.sql
GRANT EXECUTE ON FUNCTION memory_store.create_monthly_partition(regclass, date) TO memory_dba;

DROP POLICY audit_writer_resolves_ids ON memory_store.sessions;
DO $$
BEGIN
    PERFORM memory_store.remove_tenant_policy(t)
       FROM unnest(ARRAY['memory_store.sessions', 'memory_store.memory_entries', 'memory_store.memory_tags',
                         'memory_store.vector_embeddings', 'memory_store.memory_relationships',
                         'memory_store.user_profiles', 'memory_store.agent_states']::regclass[]) AS t;
END
$$;
DROP FUNCTION memory_store.remove_tenant_policy(regclass);
DROP FUNCTION memory_store.apply_tenant_policy(regclass);

COMMIT;
