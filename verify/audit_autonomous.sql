-- Verify memory-orchestrator:audit_autonomous on pg
BEGIN;

SELECT 'memory_store.audit_autonomous(text, text, text, jsonb, boolean, text)'::regprocedure,
       'memory_store.audit_loopback_conninfo()'::regprocedure;
-- dblink may be missing only where no superuser deployed (the deploy said
-- so in a NOTICE); then there is no loopback to check.
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'dblink') AS have_dblink,
       (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS verifying_superuser \gset
\if :verifying_superuser
SELECT 'extensions.dblink_exec(text, text)'::regprocedure;
\endif
SELECT host, port, password FROM memory_store.audit_loopback WHERE false;

DO $$
DECLARE
    fn CONSTANT regprocedure := 'memory_store.audit_autonomous(text, text, text, jsonb, boolean, text)';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                    WHERE oid = fn AND prosecdef AND prosrc LIKE '%extensions.dblink_exec%'
                      AND proowner = 'memory_owner'::regrole) THEN
        RAISE EXCEPTION 'memory_store.audit_autonomous is not the dblink version (v2)';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                    WHERE rolname = 'memory_audit_writer' AND rolcanlogin AND NOT rolsuper AND NOT rolinherit
                      AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolbypassrls AND NOT rolreplication) THEN
        RAISE EXCEPTION 'role memory_audit_writer is missing or has more than LOGIN';
    END IF;
    IF NOT has_table_privilege('memory_audit_writer', 'memory_store.memory_access_logs', 'INSERT')
       OR has_table_privilege('memory_audit_writer', 'memory_store.memory_access_logs', 'SELECT, UPDATE, DELETE, TRUNCATE')
       OR has_table_privilege('memory_audit_writer', 'memory_store.audit_loopback', 'SELECT')
       OR has_table_privilege('memory_agent', 'memory_store.audit_loopback', 'SELECT') THEN
        RAISE EXCEPTION 'memory_audit_writer / memory_agent privileges are wrong';
    END IF;
    IF to_regprocedure('extensions.dblink_connect(text, text)') IS NULL THEN
        RETURN;
    END IF;
    IF has_function_privilege('memory_agent', 'extensions.dblink_connect(text, text)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'extensions.dblink_exec(text, text)', 'EXECUTE')
       OR has_function_privilege('memory_agent', fn, 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_agent may use dblink or audit_autonomous directly';
    END IF;
END
$$;

\if :have_dblink
-- The loopback works as the function uses it: as memory_owner (so dblink
-- demands password authentication), into this database, as
-- memory_audit_writer with INSERT on the log.
SET LOCAL ROLE memory_owner;
DO $$
DECLARE
    v_user  text;
    v_db    text;
    v_ok    boolean;
    v_detail text;
BEGIN
    BEGIN
        PERFORM extensions.dblink_connect('memory_audit_verify', memory_store.audit_loopback_conninfo());
        SELECT t.u, t.d, t.ok INTO v_user, v_db, v_ok
          FROM extensions.dblink('memory_audit_verify',
                   'SELECT current_user::text, current_database()::text, '
                   'has_table_privilege(''memory_store.memory_access_logs'', ''INSERT'')') AS t(u text, d text, ok boolean);
        PERFORM extensions.dblink_disconnect('memory_audit_verify');
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        IF 'memory_audit_verify' = ANY (coalesce(extensions.dblink_get_connections(), '{}')) THEN
            PERFORM extensions.dblink_disconnect('memory_audit_verify');
        END IF;
        -- 2F003: the server let memory_audit_writer in without asking for a
        -- password (trust), which dblink_connect refuses to a non-superuser.
        -- The change audit_loopback_any_auth connects such a loopback with
        -- dblink_connect_u and verifies it then.
        IF SQLSTATE = '2F003' THEN
            RAISE NOTICE 'the audit loopback is not asked for a password on this server (trust): audit_loopback_any_auth connects it';
            RETURN;
        END IF;
        RAISE EXCEPTION 'the audit loopback cannot be used: %', SQLERRM
            USING DETAIL = v_detail,
                  HINT = 'check memory_store.audit_loopback (host, port), pg_hba.conf for memory_audit_writer, and the secret file';
    END;
    IF v_user IS DISTINCT FROM 'memory_audit_writer' OR v_db IS DISTINCT FROM current_database() OR NOT v_ok THEN
        RAISE EXCEPTION 'the audit loopback reaches %@% without INSERT on the log', v_user, v_db;
    END IF;
END
$$;

\endif

ROLLBACK;
