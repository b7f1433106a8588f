-- memory_store.schedule_jobs_sql(p_database text DEFAULT
--     current_database()) RETURNS SETOF text
--
-- The statements that schedule this database's jobs from the pg_cron database.
--
-- Errors:
--   22004, 22023 no such database.
-- Example:
--   SELECT * FROM memory_store.schedule_jobs_sql();  -- then run the rows in the pg_cron database, e.g. psql -d memory

CREATE OR REPLACE FUNCTION memory_store.schedule_jobs_sql(p_database text DEFAULT current_database())
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.require('database', p_database);
    IF NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = p_database) THEN
        RAISE EXCEPTION 'no database %', quote_literal(p_database) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT format('SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                      memory_store.cron_job_name(p_database, j.job_name), j.schedule, j.command, p_database)
          FROM memory_store.lifecycle_jobs j
         ORDER BY j.job_name;
END
$fn$;

COMMENT ON FUNCTION memory_store.schedule_jobs_sql(p_database text) IS 'The SQL that schedules the lifecycle jobs of a database from the pg_cron database (cron.database_name), one cron.schedule_in_database statement per job, idempotent by name. Errors: 22004, 22023 no such database.
Example: SELECT * FROM memory_store.schedule_jobs_sql();  -- then run the rows in the pg_cron database, e.g. psql -d memory';
