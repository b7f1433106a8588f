-- Verify memory-orchestrator:partition_maintenance on pg
BEGIN;

SELECT 'memory_store.create_monthly_partition(regclass, date)'::regprocedure;
SELECT 'memory_store.ensure_monthly_partitions(regclass, date, integer)'::regprocedure;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.create_monthly_partition(regclass, date)'::regprocedure,
                                'memory_store.ensure_monthly_partitions(regclass, date, integer)'::regprocedure)
                  AND (NOT p.prosecdef
                       OR NOT coalesce(p.proconfig, '{}') @> '{"search_path=pg_catalog, pg_temp"}'
                       OR pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE'))) THEN
        RAISE EXCEPTION 'partition functions must be SECURITY DEFINER with a pinned search_path and not executable by PUBLIC';
    END IF;
END
$$;

ROLLBACK;
