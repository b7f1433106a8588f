-- Deploy memory-orchestrator:tenancy_policies to pg
-- requires: tenancy_columns
-- requires: audit_autonomous
-- requires: lifecycle_ttl
-- requires: lifecycle_soft_delete
-- requires: legacy_import
-- requires: partition_maintenance
-- requires: sensitive_memories
-- Tenancy, part 3: row-level security, enforced by PostgreSQL. Every
-- user-owned table (the seven below; each has a user_id column) gets
-- ENABLE + FORCE ROW LEVEL SECURITY and the tenant_isolation policy
-- (memory_store.apply_tenant_policy). FORCE matters: the API's SECURITY
-- DEFINER functions run as the tables' owner, which RLS would otherwise
-- exempt. Not here:
--   memory_registry     ids and created_at only, no user data; every read
--                       of a memory joins memory_entries, which is isolated
--   memory_access_logs  agents hold no privilege on it; the auditor reads all
--   partitions          policies live on the partitioned parent and hold every
--                       query through it; a partition has no policy, and no
--                       role but the owner has any privilege on one
-- Functions that must see every tenant (maintenance, import, the session
-- touch) change owner to memory_maintainer (BYPASSRLS): run by a DBA or a
-- pg_cron job they would otherwise see no row at all.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenant_policy.v1.sql
-- Without a superuser (managed PostgreSQL) memory_maintainer has no
-- BYPASSRLS: the policies admit it from the start (the body of change
-- managed_server, which brings the same policies everywhere), so that the
-- maintenance and import functions the next changes verify see every tenant.
SELECT r.rolsuper AS deploying_superuser FROM pg_catalog.pg_roles r WHERE r.rolname = current_user \gset
\if :deploying_superuser
\else
\ir ../functions/history/memory_store/tenancy/sees_all_rows.v1.sql
\ir ../functions/history/memory_store/tenancy/apply_tenant_policy.v2.sql
GRANT EXECUTE ON FUNCTION memory_store.sees_all_rows() TO memory_audit_writer;
\endif

DO $$
BEGIN
    PERFORM memory_store.apply_tenant_policy(t)
       FROM unnest(ARRAY['memory_store.sessions', 'memory_store.memory_entries', 'memory_store.memory_tags',
                         'memory_store.vector_embeddings', 'memory_store.memory_relationships',
                         'memory_store.user_profiles', 'memory_store.agent_states']::regclass[]) AS t;
END
$$;

-- The audit loopback (memory_audit_writer, no tenant) resolves the session
-- id of a failed call's audit row; it may read that one column anyway.
CREATE POLICY audit_writer_resolves_ids ON memory_store.sessions
    AS PERMISSIVE FOR SELECT TO memory_audit_writer USING (true);
COMMENT ON POLICY audit_writer_resolves_ids ON memory_store.sessions IS
    'The audit loopback (memory_store.audit_autonomous) records the session id of a failed call whatever its tenant; it holds SELECT on session_id only';

-- Partition upkeep moves rows out of the default partitions; attaching the
-- new partition checks their foreign keys as the function's owner (v2: owned
-- by memory_maintainer, the partitions it creates handed to memory_owner).
\ir ../functions/history/memory_store/create_monthly_partition.v2.sql

RESET ROLE;

ALTER FUNCTION memory_store.create_monthly_partition(regclass, date) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.create_monthly_partition(regclass, date) TO memory_owner;

ALTER FUNCTION memory_store.purge_expired_batch(integer) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.purge_soft_deleted_batch(integer, interval) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_begin(text, text) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_run(bigint, integer) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.reconcile(bigint) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_purge(bigint) OWNER TO memory_maintainer;
-- Writing a memory moves its session's updated_at: whoever writes it (the
-- policies already decided that the memory could be written).
ALTER FUNCTION memory_store.touch_sessions_of_new_rows() OWNER TO memory_maintainer;
-- ... whose triggers memory_owner clones onto every partition it attaches.
GRANT EXECUTE ON FUNCTION memory_store.touch_sessions_of_new_rows() TO memory_owner;
-- A sensitive memory takes no embedding "whoever writes it": an import run
-- by a DBA too, so the check must see the memory whatever its tenant.
ALTER FUNCTION memory_store.vector_embeddings_refuse_sensitive() OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.vector_embeddings_refuse_sensitive() TO memory_owner;

COMMIT;
