-- Revert memory-orchestrator:managed_server from pg
-- The previous policy body, applied again to every table, then the helper
-- no policy uses any more.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/apply_tenant_policy.v1.sql

DO $$
BEGIN
    PERFORM memory_store.apply_tenant_policy(p.polrelid::regclass)
       FROM pg_catalog.pg_policy p
      WHERE p.polname = 'tenant_isolation';
END
$$;

DROP FUNCTION memory_store.sees_all_rows();

COMMIT;
