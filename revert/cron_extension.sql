-- Revert memory-orchestrator:cron_extension from pg
BEGIN;

DROP EXTENSION IF EXISTS pg_cron;

COMMIT;
