-- Revert memory-orchestrator:write_path_cost from pg
-- memory_user_id is the SQL function of shared_frames again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/memory_user_id.v1.sql

COMMIT;
