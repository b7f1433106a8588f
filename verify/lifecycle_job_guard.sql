-- Verify memory-orchestrator:lifecycle_job_guard on pg
-- No job path takes an advisory lock; the shared frame and the liveness test
-- exist; runs record their login role.
BEGIN;

SELECT login_role FROM memory_store.job_runs WHERE false;
-- By name: job_run_server gives it a fourth argument.
SELECT 1 / count(*) FROM pg_catalog.pg_proc p
 WHERE p.pronamespace = 'memory_store'::pg_catalog.regnamespace AND p.proname = 'job_run_alive';
SELECT 'memory_store.job_start(text, bigint)'::pg_catalog.regprocedure,
       'memory_store.run_batches(text, integer, integer, bigint, integer, text, text)'::pg_catalog.regprocedure,
       'memory_store.job_finish(bigint, bigint, text, text, text)'::pg_catalog.regprocedure;

DO $$
DECLARE
    v_name text;
BEGIN
    SELECT string_agg(p.oid::pg_catalog.regprocedure::text, ', ') INTO v_name
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname IN ('memory', 'memory_store', 'memory_archive')
       AND p.prosrc ~ 'pg_(try_)?advisory';
    IF v_name IS NOT NULL THEN
        RAISE EXCEPTION 'lifecycle_job_guard: still takes an advisory lock: %', v_name;
    END IF;
END
$$;

ROLLBACK;
