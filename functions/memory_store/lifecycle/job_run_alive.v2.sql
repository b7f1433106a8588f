-- memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at
--     timestamptz, p_server_started_at timestamptz) RETURNS boolean
--
-- Whether the backend that logged a running job run is still that run: the
-- run was logged on this server since its last start (p_server_started_at
-- equals pg_postmaster_start_time()), and a backend of this database has
-- that pid, is logged in as that role and (when the caller may see it)
-- started before the run. A running row that came from another server (the
-- old primary, replicated before a failover) or from before a restart is
-- dead whatever pid it names: pids are only unique within one postmaster's
-- life, and a standby's read sessions, older than the run, may carry the
-- same pid and role after promotion. pid, database, login role and the
-- postmaster's start time are visible to every role, so the answer needs no
-- privilege, and no agent or unrelated role can pass for a run.
--
-- Errors:
--   none: NULL pid or start answers false; a NULL server start (runs logged
--   before it was recorded) is judged by the backend alone.
-- Example:
--   SELECT memory_store.job_run_alive(r.pid, r.login_role, r.started_at, r.server_started_at)
--     FROM memory_store.job_runs r;

CREATE OR REPLACE FUNCTION memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at timestamptz,
                                                     p_server_started_at timestamptz)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(p_server_started_at IS NULL OR p_server_started_at = pg_postmaster_start_time(), false)
       AND coalesce(EXISTS (
        SELECT 1
          FROM pg_catalog.pg_stat_activity a
         WHERE a.pid = p_pid
           AND a.datname = current_database()
           -- Runs logged before login_role existed name no role: pid alone.
           AND (p_login_role IS NULL OR a.usesysid = p_login_role)
           -- Hidden (NULL) unless the caller may see that backend's details.
           AND (a.backend_start IS NULL OR a.backend_start <= p_started_at)), false)
$fn$;

COMMENT ON FUNCTION memory_store.job_run_alive(p_pid integer, p_login_role oid, p_started_at timestamptz, p_server_started_at timestamptz) IS 'Whether a running job run''s backend is still alive: logged on this server since its last start, same pid in this database, same login role, started before the run (when visible). A run replicated from another server (failover) or from before a restart is dead. Needs no privilege; an unrelated role cannot pass for a run.
Example: SELECT memory_store.job_run_alive(r.pid, r.login_role, r.started_at, r.server_started_at) FROM memory_store.job_runs r;';
