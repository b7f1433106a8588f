-- memory_store.cron_database_name() RETURNS text
--
-- The database pg_cron serves (the setting cron.database_name), or NULL when
-- pg_cron is not loaded. pg_cron marks the setting superuser-only: a role
-- without pg_read_all_settings (the deploying role on managed PostgreSQL)
-- gets the text '(unreadable: needs pg_read_all_settings)' instead of an
-- error, so that a message built from it never fails.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.cron_database_name();  -- memory

CREATE OR REPLACE FUNCTION memory_store.cron_database_name()
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN nullif(current_setting('cron.database_name', true), '');
EXCEPTION WHEN insufficient_privilege THEN
    RETURN '(unreadable: needs pg_read_all_settings)';
END
$fn$;

COMMENT ON FUNCTION memory_store.cron_database_name() IS 'The database pg_cron serves (cron.database_name), NULL when pg_cron is not loaded, or a placeholder text when the caller may not read the setting.
Example: SELECT memory_store.cron_database_name();';
