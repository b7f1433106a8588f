-- Deploy memory-orchestrator:job_run_server to pg
-- requires: lifecycle_job_guard
-- A job run is alive only on the server that logged it. job_runs is
-- replicated: after a failover the new primary holds the old primary's
-- 'running' rows, and a read session of the former standby, older than the
-- run, can carry the same pid and login role; the job would then be skipped
-- until that session ended. Runs now record pg_postmaster_start_time(),
-- which differs between servers and across restarts, and job_run_alive
-- requires it to match.
BEGIN;

SET LOCAL ROLE memory_owner;

-- Rows logged before this change stay NULL (judged by their backend, as
-- before); the default applies to new runs only.
ALTER TABLE memory_store.job_runs ADD COLUMN server_started_at timestamptz;
ALTER TABLE memory_store.job_runs ALTER COLUMN server_started_at SET DEFAULT pg_catalog.pg_postmaster_start_time();
COMMENT ON COLUMN memory_store.job_runs.server_started_at IS
    'pg_postmaster_start_time() of the server whose backend logged the run: a running row from another server (before a failover) or an earlier start is dead.';

\ir ../functions/memory_store/lifecycle/job_run_alive.v2.sql
DROP FUNCTION memory_store.job_run_alive(integer, oid, timestamptz);
\ir ../functions/memory_store/lifecycle/job_begin.v3.sql
\ir ../functions/memory_store/lifecycle/job_status_rows.v3.sql

REVOKE ALL ON FUNCTION memory_store.job_run_alive(integer, oid, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memory_store.job_run_alive(integer, oid, timestamptz, timestamptz) TO memory_dba;

COMMIT;
