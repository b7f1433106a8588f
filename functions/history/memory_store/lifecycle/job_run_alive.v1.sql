-- memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at
--     timestamptz) RETURNS boolean
--
-- Whether the backend that logged a running job run is still that run: a
-- backend of this database with that pid, logged in as that role, and (when
-- the caller may see it) started before the run. pid, database and login
-- role are visible to every role in pg_stat_activity, so the answer needs no
-- privilege; only the job's own login role (the DBA's or pg_cron's) can be
-- the live backend of a run, so no agent or unrelated role can fake one.
--
-- Errors:
--   none: NULL arguments answer false.
-- Example:
--   SELECT memory_store.job_run_alive(r.pid, r.login_role, r.started_at) FROM memory_store.job_runs r;

CREATE OR REPLACE FUNCTION memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at timestamptz)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(EXISTS (
        SELECT 1
          FROM pg_catalog.pg_stat_activity a
         WHERE a.pid = p_pid
           AND a.datname = current_database()
           -- Runs logged before login_role existed name no role: pid alone.
           AND (p_login_role IS NULL OR a.usesysid = p_login_role)
           -- Hidden (NULL) unless the caller may see that backend's details.
           AND (a.backend_start IS NULL OR a.backend_start <= p_started_at)), false)
$fn$;

COMMENT ON FUNCTION memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at timestamptz) IS 'Whether a running job run''s backend is still alive: same pid in this database, same login role, started before the run (when visible). Needs no privilege; an unrelated role cannot pass for a run.
Example: SELECT memory_store.job_run_alive(r.pid, r.login_role, r.started_at) FROM memory_store.job_runs r;';
