-- Revert memory-orchestrator:managed_server from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/sees_all_tenants.v1.sql

COMMIT;
