-- Verify memory-orchestrator:cron_extension on pg
-- In the pg_cron database the extension must exist; elsewhere it must not be required.
BEGIN;

DO $$
DECLARE
    cron_db text;
BEGIN
    BEGIN
        cron_db := pg_catalog.current_setting('cron.database_name', true);
    EXCEPTION WHEN insufficient_privilege THEN
        RETURN;  -- not readable by this role: the deploy said so in a NOTICE
    END;
    IF cron_db = pg_catalog.current_database()
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        RAISE EXCEPTION 'this is the pg_cron database (cron.database_name) but pg_cron is not installed';
    END IF;
END
$$;

ROLLBACK;
