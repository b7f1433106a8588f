-- Deploy memory-orchestrator:cron_extension to pg
-- requires: roles
-- pg_cron can be created only in the database named by cron.database_name.
-- Deploying into any other database must still succeed: there the lifecycle
-- jobs are scheduled from the pg_cron database instead (see README).
BEGIN;

DO $$
DECLARE
    cron_db text := pg_catalog.current_setting('cron.database_name', true);
BEGIN
    IF cron_db IS NULL THEN
        RAISE NOTICE 'pg_cron is not loaded (shared_preload_libraries); no pg_cron in this database';
    ELSIF cron_db <> pg_catalog.current_database() THEN
        RAISE NOTICE 'pg_cron serves database %, not %; no pg_cron in this database', cron_db, pg_catalog.current_database();
    ELSE
        CREATE EXTENSION IF NOT EXISTS pg_cron;
    END IF;
END
$$;

COMMIT;
