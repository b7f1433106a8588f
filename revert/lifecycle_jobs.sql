-- Revert memory-orchestrator:lifecycle_jobs from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DROP PROCEDURE memory_store.prune_job_history();
DROP FUNCTION memory_store.prune_job_runs(interval);
DROP FUNCTION memory_store.schedule_jobs_sql(text);
DROP FUNCTION memory_store.schedule_jobs();
DROP VIEW memory_store.job_status;
DROP FUNCTION memory_store.job_status_rows();
DROP FUNCTION memory_store.job_end(bigint, bigint, text, text, text);
DROP FUNCTION memory_store.job_begin(text);
DROP FUNCTION memory_store.cron_job_name(text, text);
DROP TABLE memory_store.job_runs;
DROP TABLE memory_store.lifecycle_jobs;

COMMIT;
