-- Revert memory-orchestrator:tenant_check_once from pg
-- current_tenant asks on every call again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/current_tenant.v2.sql
DROP SEQUENCE memory_store.tenant_check;

COMMIT;
