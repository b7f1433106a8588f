-- Deploy memory-orchestrator:lifecycle_jobs to pg
-- requires: lifecycle_settings
-- The frame of the lifecycle jobs: the job catalog, the run log every job
-- entry point writes, the no-overlap lock, the job_status view, scheduling
-- with pg_cron, and the job that prunes the run history.
--
-- Every job entry point is a PROCEDURE memory_store.<job>() that COMMITs
-- between batches. PostgreSQL forbids transaction control in a procedure
-- that is SECURITY DEFINER or has a SET clause, so the entry points are
-- SECURITY INVOKER without a pinned search_path: they only call
-- schema-qualified SECURITY DEFINER functions (pinned search_path) that do
-- the work, one bounded batch per call. Call them outside an explicit
-- transaction block (autocommit), as pg_cron does.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.lifecycle_jobs (
    job_name    text PRIMARY KEY CHECK (job_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    schedule    text NOT NULL,
    command     text NOT NULL,
    description text NOT NULL
);
COMMENT ON TABLE memory_store.lifecycle_jobs IS
    'The lifecycle jobs: name, default cron schedule (UTC), the command pg_cron runs, what it does. memory_store.schedule_jobs() registers them.';

CREATE TABLE memory_store.job_runs (
    run_id        bigserial PRIMARY KEY,
    job_name      text NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    pid           integer NOT NULL DEFAULT pg_backend_pid(),
    finished_at   timestamptz,
    status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
    rows_affected bigint,
    detail        text
);
COMMENT ON TABLE memory_store.job_runs IS
    'One row per run of a lifecycle job entry point: running, then succeeded / failed with rows affected; skipped when another run of the same job held its lock. A running row whose lock is free is a run that died (shown as failed by job_status).';

\ir ../functions/history/memory_store/lifecycle_jobs.v1.sql

CREATE VIEW memory_store.job_status AS SELECT * FROM memory_store.job_status_rows();
COMMENT ON VIEW memory_store.job_status IS
    'Each lifecycle job: its schedule (pg_cron''s when scheduled in this database), last run, outcome and rows affected; outcome from cron.job_run_details when readable, else from memory_store.job_runs.';

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('prune_job_history', '47 4 * * *', 'CALL memory_store.prune_job_history()',
     'Deletes memory_store.job_runs rows and cron.job_run_details rows (where this database has pg_cron) older than job_history_retention');

GRANT SELECT, UPDATE (schedule) ON memory_store.lifecycle_jobs TO memory_dba;
GRANT SELECT ON memory_store.job_runs, memory_store.job_status TO memory_dba;
GRANT EXECUTE ON FUNCTION
    memory_store.job_begin(text),
    memory_store.job_end(bigint, bigint, text, text, text),
    memory_store.job_status_rows(),
    memory_store.schedule_jobs(),
    memory_store.schedule_jobs_sql(text),
    memory_store.prune_job_runs(interval)
TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.prune_job_history() TO memory_dba;

COMMIT;
