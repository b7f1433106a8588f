-- Revert memory-orchestrator:lifecycle_job_guard from pg
BEGIN;

\ir ../functions/history/memory_store/partitions/create_monthly_partition.v2.sql

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/partitions/partition_upkeep.v1.sql
\ir ../functions/history/memory_store/archive/archive_sessions.v1.sql
\ir ../functions/history/memory_store/lifecycle/prune_job_history.v1.sql
\ir ../functions/history/memory_store/lifecycle/enforce_retention.v1.sql
\ir ../functions/history/memory_store/lifecycle/purge_soft_deleted.v1.sql
\ir ../functions/history/memory_store/lifecycle/purge_expired.v1.sql
\ir ../functions/history/memory_store/lifecycle/job_status_rows.v1.sql
\ir ../functions/history/memory_store/lifecycle/job_end.v1.sql
\ir ../functions/history/memory_store/lifecycle/job_begin.v1.sql

DROP PROCEDURE memory_store.job_finish(bigint, bigint, text, text, text);
DROP PROCEDURE memory_store.run_batches(text, integer, integer, bigint, integer, text, text);
DROP PROCEDURE memory_store.job_start(text, bigint);
DROP FUNCTION memory_store.job_run_alive(integer, oid, timestamptz);

ALTER TABLE memory_store.job_runs DROP COLUMN login_role;

COMMIT;
