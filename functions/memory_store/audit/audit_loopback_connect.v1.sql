-- memory_store.audit_loopback_connect(p_connection text) RETURNS void
--
-- Opens the audit loopback (memory_store.audit_loopback_conninfo(): this
-- database, as memory_audit_writer) as the named dblink connection
-- p_connection, whatever authentication pg_hba.conf sets for it.
--
-- dblink_connect refuses a non-superuser a connection that the server let in
-- without asking for a password (trust, the default of the official container
-- image and of many CI servers): "password is required". dblink_connect_u
-- does not check. Where the deploy could grant it (a superuser deploys), only
-- memory_owner may execute it, and this function, called from
-- memory_store.audit_autonomous (SECURITY DEFINER, memory_owner), uses it
-- with the package's own connection string: on a trusting server it adds
-- nothing the server does not already allow, and where the server asks for a
-- password (scram-sha-256, md5) the password is sent. Without the
-- grant (a managed server, where the deploying role is no superuser and every
-- connection is asked for a password) it uses dblink_connect.
--
-- Errors:
--   55000 memory_store.audit_loopback is empty
--   08001 and other connection errors of dblink (the caller,
--   audit_autonomous, turns them into a WARNING with the row)
-- Example:
--   PERFORM memory_store.audit_loopback_connect('memory_audit');

CREATE OR REPLACE FUNCTION memory_store.audit_loopback_connect(p_connection text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF to_regprocedure('extensions.dblink_connect_u(text, text)') IS NOT NULL
       AND has_function_privilege('extensions.dblink_connect_u(text, text)', 'EXECUTE') THEN
        PERFORM extensions.dblink_connect_u(p_connection, memory_store.audit_loopback_conninfo());
    ELSE
        PERFORM extensions.dblink_connect(p_connection, memory_store.audit_loopback_conninfo());
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.audit_loopback_connect(p_connection text) IS 'Opens the audit loopback as the dblink connection p_connection, whatever pg_hba.conf asks of it (dblink_connect_u where memory_owner may use it, else dblink_connect). Errors: 55000 no loopback configured; dblink connection errors.
Example: PERFORM memory_store.audit_loopback_connect(''memory_audit'');';
