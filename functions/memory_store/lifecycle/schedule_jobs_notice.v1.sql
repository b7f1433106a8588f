-- memory_store.schedule_jobs_notice() RETURNS text
--
-- What a deploy into a database without pg_cron says, in one message: that
-- the lifecycle jobs are not scheduled, where pg_cron lives
-- (cron.database_name), and the exact statements to run there
-- (schedule_jobs_sql()). Where pg_cron is not loaded at all, it says so and
-- points to docs/lifecycle.md (the jobs can be run by hand or from another
-- scheduler: ./dev run-job).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.schedule_jobs_notice();

CREATE OR REPLACE FUNCTION memory_store.schedule_jobs_notice()
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE
        WHEN memory_store.cron_database_name() IS NULL THEN
            format('lifecycle jobs of database %s are not scheduled: pg_cron is not loaded on this server '
                   '(shared_preload_libraries). Run them from another scheduler (docs/lifecycle.md), e.g. %s',
                   current_database(),
                   (SELECT string_agg(j.command || ';', ' ' ORDER BY j.job_name) FROM memory_store.lifecycle_jobs j))
        ELSE
            format('lifecycle jobs of database %s are not scheduled: pg_cron lives in database %s '
                   '(cron.database_name). To schedule them, run there: %s',
                   current_database(), memory_store.cron_database_name(),
                   (SELECT string_agg(s, ' ') FROM memory_store.schedule_jobs_sql() AS s))
    END
$fn$;

COMMENT ON FUNCTION memory_store.schedule_jobs_notice() IS 'The one message a deploy into a database without pg_cron gives: the lifecycle jobs are not scheduled, and the statements to run in the pg_cron database (or, without pg_cron, the job commands).
Example: SELECT memory_store.schedule_jobs_notice();';
