-- Revert memory-orchestrator:schemas from pg
BEGIN;

ALTER DEFAULT PRIVILEGES FOR ROLE memory_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
DROP SCHEMA memory;
DROP SCHEMA memory_store;

COMMIT;
