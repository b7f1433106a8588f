-- Verify memory-orchestrator:cron_extension on pg
-- In the pg_cron database the extension must exist; elsewhere it must not be required.
BEGIN;

DO $$
BEGIN
    IF pg_catalog.current_setting('cron.database_name', true) = pg_catalog.current_database()
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        RAISE EXCEPTION 'this is the pg_cron database (cron.database_name) but pg_cron is not installed';
    END IF;
END
$$;

ROLLBACK;
