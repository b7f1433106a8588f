-- Deploy memory-orchestrator:lifecycle_schedule to pg
-- requires: function_layout
-- The lifecycle jobs (memory_store.lifecycle_jobs) become part of the deploy:
-- in the pg_cron database each is scheduled by name (mo:<database>:<job>),
-- so a redeploy or a rework changes a schedule in place and never adds a
-- second job. pg_cron lives in one database only (cron.database_name); a
-- deploy into any other database cannot reach it, and says in one NOTICE
-- what to run there (docs/lifecycle.md, "Scheduling").
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/lifecycle/cron_database_name.v1.sql
\ir ../functions/memory_store/lifecycle/schedule_jobs.v2.sql
\ir ../functions/memory_store/lifecycle/unschedule_jobs.v1.sql
\ir ../functions/memory_store/lifecycle/schedule_jobs_notice.v1.sql

GRANT EXECUTE ON FUNCTION memory_store.unschedule_jobs(), memory_store.schedule_jobs_notice(), memory_store.cron_database_name()
   TO memory_dba;

-- The jobs run as the role that schedules them: the deploying role.
RESET ROLE;

DO $$
BEGIN
    IF pg_catalog.to_regprocedure('cron.schedule_in_database(text, text, text, text, text, boolean)') IS NOT NULL THEN
        PERFORM memory_store.schedule_jobs();
    ELSE
        RAISE NOTICE '%', memory_store.schedule_jobs_notice();
    END IF;
END
$$;

COMMIT;
