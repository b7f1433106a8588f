-- memory_store.cron_job_name(p_database text, p_job_name text) RETURNS text
--
-- The pg_cron job name of a lifecycle job for one database: names are unique
-- per pg_cron user, and one pg_cron database may schedule jobs for several.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.cron_job_name(current_database(), 'purge_expired');

CREATE OR REPLACE FUNCTION memory_store.cron_job_name(p_database text, p_job_name text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT 'mo:' || p_database || ':' || p_job_name
$fn$;

COMMENT ON FUNCTION memory_store.cron_job_name(p_database text, p_job_name text) IS 'The pg_cron job name under which a lifecycle job of a database is scheduled: mo:<database>:<job>.
Example: SELECT memory_store.cron_job_name(current_database(), ''purge_expired'');';
