-- Revert memory-orchestrator:lifecycle_schedule from pg
-- Unschedules this database's lifecycle jobs (where pg_cron is installed);
-- their run log stays.
BEGIN;

DO $$
BEGIN
    IF pg_catalog.to_regclass('cron.job') IS NOT NULL THEN
        PERFORM memory_store.unschedule_jobs();
    END IF;
END
$$;

SET LOCAL ROLE memory_owner;
\ir ../functions/history/memory_store/lifecycle/schedule_jobs.v1.sql
RESET ROLE;
DROP FUNCTION memory_store.schedule_jobs_notice();
DROP FUNCTION memory_store.unschedule_jobs();
DROP FUNCTION memory_store.cron_database_name();

COMMIT;
