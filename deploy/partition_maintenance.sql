-- Deploy memory-orchestrator:partition_maintenance to pg
-- requires: schemas
-- Functions that create monthly range partitions. The partitioned tables call
-- them at deploy time; the lifecycle jobs call them to stay ahead.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/create_monthly_partition.v1.sql
\ir ../functions/history/memory_store/ensure_monthly_partitions.v1.sql

GRANT EXECUTE ON FUNCTION memory_store.create_monthly_partition(regclass, date) TO memory_dba;
GRANT EXECUTE ON FUNCTION memory_store.ensure_monthly_partitions(regclass, date, integer) TO memory_dba;

COMMIT;
