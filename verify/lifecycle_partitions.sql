-- Verify memory-orchestrator:lifecycle_partitions on pg
BEGIN;

SELECT 'memory_store.partition_upkeep()'::regprocedure,
       'memory_store.partitions_ahead(integer)'::regprocedure,
       'memory_store.drop_old_log_partition(timestamptz)'::regprocedure,
       'memory_store.purge_old_default_logs(timestamptz, integer)'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'partition_upkeep') THEN
        RAISE EXCEPTION 'job partition_upkeep is not registered';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.partition_upkeep()', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.partition_upkeep()', 'EXECUTE') THEN
        RAISE EXCEPTION 'partition_upkeep must be executable by memory_dba only';
    END IF;
    -- Behaviour: nothing of the current month is ever old enough to drop.
    IF memory_store.drop_old_log_partition(date_trunc('month', now())) IS DISTINCT FROM NULL
       AND to_regclass(format('memory_store.memory_access_logs_p%s', to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM'))) IS NULL THEN
        RAISE EXCEPTION 'drop_old_log_partition dropped the current month';
    END IF;
END
$$;

ROLLBACK;
