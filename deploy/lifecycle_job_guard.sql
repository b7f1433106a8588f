-- Deploy memory-orchestrator:lifecycle_job_guard to pg
-- requires: managed_server
-- No lock that an agent or an unrelated login role can take decides whether
-- a lifecycle job runs. The jobs' advisory lock keys were in the source and
-- pg_advisory_lock is executable by PUBLIC, so any login could make every
-- job log 'skipped', or make create_monthly_partition wait. Now:
--   * a run is in progress while its running row's backend is alive (pid,
--     database and login role, job_run_alive); job_begin checks that under
--     a lock on the job's lifecycle_jobs row, which only the package's roles
--     and the DBA may lock;
--   * create_monthly_partition serialises with LOCK TABLE ... SHARE UPDATE
--     EXCLUSIVE on the parent, which needs rights on the table;
--   * the six job procedures share one frame (job_start, run_batches,
--     job_finish) instead of six copies of it.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.job_runs ADD COLUMN login_role oid;
COMMENT ON COLUMN memory_store.job_runs.login_role IS
    'OID of the login role (session_user) of the backend that logged the run; with pid, what tells a live run from a dead one.';

\ir ../functions/history/memory_store/lifecycle/job_run_alive.v1.sql
\ir ../functions/history/memory_store/lifecycle/job_begin.v2.sql
\ir ../functions/memory_store/lifecycle/job_end.v2.sql
\ir ../functions/history/memory_store/lifecycle/job_status_rows.v2.sql
\ir ../functions/memory_store/lifecycle/job_start.v1.sql
\ir ../functions/memory_store/lifecycle/run_batches.v1.sql
\ir ../functions/memory_store/lifecycle/job_finish.v1.sql
\ir ../functions/history/memory_store/lifecycle/purge_expired.v2.sql
\ir ../functions/history/memory_store/lifecycle/purge_soft_deleted.v2.sql
\ir ../functions/memory_store/lifecycle/enforce_retention.v2.sql
\ir ../functions/memory_store/lifecycle/prune_job_history.v2.sql
\ir ../functions/memory_store/archive/archive_sessions.v2.sql
\ir ../functions/memory_store/partitions/partition_upkeep.v2.sql

GRANT EXECUTE ON FUNCTION memory_store.job_run_alive(integer, oid, timestamptz) TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.job_start(text, bigint),
                           memory_store.run_batches(text, integer, integer, bigint, integer, text, text),
                           memory_store.job_finish(bigint, bigint, text, text, text)
    TO memory_dba;

-- create_monthly_partition belongs to memory_maintainer: replaced as the
-- deploying role, it keeps that owner and its grants.
RESET ROLE;
\ir ../functions/memory_store/partitions/create_monthly_partition.v3.sql

COMMIT;
