-- Verify memory-orchestrator:audit_loopback_any_auth on pg
-- The loopback opens the way audit_autonomous opens it (as memory_owner,
-- through audit_loopback_connect), reaches this database as
-- memory_audit_writer with INSERT on the log, and nobody else may use
-- dblink_connect_u.
BEGIN;

-- No dblink (a deploy without a superuser where no administrator created
-- it): no loopback, as the deploy of audit_autonomous said.
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'dblink') AS have_dblink \gset

DO $$
BEGIN
    IF position('memory_store.audit_loopback_connect(' IN (SELECT p.prosrc FROM pg_catalog.pg_proc p
            WHERE p.oid = 'memory_store.audit_autonomous(text, text, text, jsonb, boolean, text)'::pg_catalog.regprocedure)) = 0 THEN
        RAISE EXCEPTION 'memory_store.audit_autonomous does not open the loopback through audit_loopback_connect';
    END IF;
    IF pg_catalog.to_regprocedure('extensions.dblink_connect_u(text, text)') IS NULL THEN
        RETURN;
    END IF;
    IF has_function_privilege('memory_agent', 'extensions.dblink_connect_u(text, text)', 'EXECUTE')
       OR has_function_privilege('memory_dba', 'extensions.dblink_connect_u(text, text)', 'EXECUTE')
       OR has_function_privilege('memory_audit_writer', 'extensions.dblink_connect_u(text, text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'dblink_connect_u is executable beyond memory_owner';
    END IF;
END
$$;

\if :have_dblink
SET LOCAL ROLE memory_owner;
DO $$
DECLARE
    v_user text;
    v_db   text;
    v_ok   boolean;
BEGIN
    BEGIN
        PERFORM memory_store.audit_loopback_connect('memory_audit_verify');
        SELECT t.u, t.d, t.ok INTO v_user, v_db, v_ok
          FROM extensions.dblink('memory_audit_verify',
                   'SELECT current_user::text, current_database()::text, '
                   'has_table_privilege(''memory_store.memory_access_logs'', ''INSERT'')') AS t(u text, d text, ok boolean);
        PERFORM extensions.dblink_disconnect('memory_audit_verify');
    EXCEPTION WHEN OTHERS THEN
        IF 'memory_audit_verify' = ANY (coalesce(extensions.dblink_get_connections(), '{}')) THEN
            PERFORM extensions.dblink_disconnect('memory_audit_verify');
        END IF;
        RAISE EXCEPTION 'the audit loopback cannot be used: %', SQLERRM
            USING HINT = 'check memory_store.audit_loopback (host, port) and pg_hba.conf for memory_audit_writer';
    END;
    IF v_user IS DISTINCT FROM 'memory_audit_writer' OR v_db IS DISTINCT FROM current_database() OR NOT v_ok THEN
        RAISE EXCEPTION 'the audit loopback reaches %@% without INSERT on the log', v_user, v_db;
    END IF;
END
$$;

\endif

ROLLBACK;
