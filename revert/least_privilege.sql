-- Revert memory-orchestrator:least_privilege from pg
BEGIN;

GRANT USAGE ON SCHEMA memory TO memory_auditor;

COMMIT;
