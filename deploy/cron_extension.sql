-- Deploy memory-orchestrator:cron_extension to pg
-- requires: roles
-- pg_cron can be created only in the database named by cron.database_name.
-- Deploying into any other database must still succeed: there the lifecycle
-- jobs are scheduled from the pg_cron database instead (see README).
BEGIN;

DO $$
DECLARE
    cron_db text;
BEGIN
    -- pg_cron makes its setting readable only to superusers and members of
    -- pg_read_all_settings (not the deploying role of managed PostgreSQL).
    BEGIN
        cron_db := pg_catalog.current_setting('cron.database_name', true);
    EXCEPTION WHEN insufficient_privilege THEN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
            RAISE NOTICE 'cron.database_name is not readable by %: pg_cron is not created by this deploy; where this is the pg_cron database, an administrator creates it (docs/setup.md, "Managed PostgreSQL")', current_user;
        END IF;
        RETURN;
    END;
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
