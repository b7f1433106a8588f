-- Verify memory-orchestrator:job_run_server on pg
-- Runs record their server's start; a running row from another server's
-- start is dead even when its pid is this very backend.
BEGIN;

SELECT server_started_at FROM memory_store.job_runs WHERE false;

DO $$
BEGIN
    IF NOT memory_store.job_run_alive(pg_catalog.pg_backend_pid(), NULL, pg_catalog.clock_timestamp(),
                                      pg_catalog.pg_postmaster_start_time()) THEN
        RAISE EXCEPTION 'job_run_server: this backend on this server is not alive';
    END IF;
    IF memory_store.job_run_alive(pg_catalog.pg_backend_pid(), NULL, pg_catalog.clock_timestamp(),
                                  pg_catalog.pg_postmaster_start_time() - interval '1 second') THEN
        RAISE EXCEPTION 'job_run_server: a run logged on another server start counts as alive';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory_store.job_begin(text)'::pg_catalog.regprocedure) !~ 'server_started_at' THEN
        RAISE EXCEPTION 'job_run_server: job_begin does not pass the server start';
    END IF;
END
$$;

ROLLBACK;
