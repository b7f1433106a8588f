-- Revert memory-orchestrator:job_run_server from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/lifecycle/job_run_alive.v1.sql
REVOKE ALL ON FUNCTION memory_store.job_run_alive(integer, oid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memory_store.job_run_alive(integer, oid, timestamptz) TO memory_dba;
\ir ../functions/history/memory_store/lifecycle/job_begin.v2.sql
\ir ../functions/history/memory_store/lifecycle/job_status_rows.v2.sql
DROP FUNCTION memory_store.job_run_alive(integer, oid, timestamptz, timestamptz);

ALTER TABLE memory_store.job_runs DROP COLUMN server_started_at;

COMMIT;
