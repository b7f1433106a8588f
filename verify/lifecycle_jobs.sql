-- Verify memory-orchestrator:lifecycle_jobs on pg
BEGIN;

SELECT 'memory_store.lifecycle_jobs'::regclass,
       'memory_store.job_runs'::regclass,
       'memory_store.job_status'::regclass,
       'memory_store.job_begin(text)'::regprocedure,
       'memory_store.job_end(bigint, bigint, text, text, text)'::regprocedure,
       'memory_store.schedule_jobs()'::regprocedure,
       'memory_store.schedule_jobs_sql(text)'::regprocedure,
       'memory_store.prune_job_history()'::regprocedure;

DO $$
BEGIN
    IF NOT has_function_privilege('memory_dba', 'memory_store.prune_job_history()', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.prune_job_history()', 'EXECUTE') THEN
        RAISE EXCEPTION 'lifecycle job entry points must be executable by memory_dba only';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.schedule_jobs_sql() AS s WHERE s LIKE '%cron.schedule_in_database(%') THEN
        RAISE EXCEPTION 'schedule_jobs_sql returns no cron.schedule_in_database statement';
    END IF;
    PERFORM * FROM memory_store.job_status;
END
$$;

ROLLBACK;
