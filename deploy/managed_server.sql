-- Deploy memory-orchestrator:managed_server to pg
-- requires: function_layout
-- Deploying without a superuser (managed PostgreSQL: a role that owns the
-- database and has CREATEROLE; docs/setup.md, "Managed PostgreSQL"): the
-- earlier changes create memory_maintainer without BYPASSRLS there, and the
-- tenant policies admit it instead (memory_store.sees_all_rows), so the
-- maintenance, import and archive functions see every tenant either way.
-- Where a superuser deployed, the maintainer's BYPASSRLS makes the new
-- clause moot; the policies are the same on every server.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/sees_all_rows.v1.sql
\ir ../functions/history/memory_store/tenancy/apply_tenant_policy.v2.sql

GRANT EXECUTE ON FUNCTION memory_store.sees_all_rows() TO memory_audit_writer;

DO $$
BEGIN
    PERFORM memory_store.apply_tenant_policy(p.polrelid::regclass)
       FROM pg_catalog.pg_policy p
      WHERE p.polname = 'tenant_isolation';
END
$$;

COMMIT;
