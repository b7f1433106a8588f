-- Deploy memory-orchestrator:lifecycle_partitions to pg
-- requires: lifecycle_jobs
-- requires: memory_entries
-- requires: memory_access_logs
-- Partition upkeep: the job memory_store.partition_upkeep keeps monthly
-- partitions ahead of time (memory_store.ensure_monthly_partitions, which
-- moves rows of a new month out of the default partition) and drops access
-- log partitions past the retention.
--
-- pg_partman is not used: Debian 12 ships pg_partman 4.x and Debian 13 5.x,
-- whose create_parent() has a different signature and semantics (5.x dropped
-- the 'native' type argument and trigger-based partitioning), so the package
-- would need two code paths and an extension for what its own two functions
-- (create_monthly_partition, ensure_monthly_partitions) and the job below
-- already do for two tables with UTC monthly ranges.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/partition_upkeep.v1.sql

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('partition_upkeep', '17 2 * * *', 'CALL memory_store.partition_upkeep()',
     'Creates monthly partitions partition_months_ahead ahead for memory_entries and memory_access_logs; drops access-log partitions older than access_log_retention and deletes older default-partition log rows');

GRANT EXECUTE ON FUNCTION
    memory_store.partitions_ahead(integer),
    memory_store.drop_old_log_partition(timestamptz),
    memory_store.purge_old_default_logs(timestamptz, integer)
TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.partition_upkeep() TO memory_dba;

COMMIT;
