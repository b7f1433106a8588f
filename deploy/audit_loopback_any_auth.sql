-- Deploy memory-orchestrator:audit_loopback_any_auth to pg
-- requires: function_layout
-- requires: audit_autonomous
-- The audit loopback of failed typed calls works whatever pg_hba.conf asks
-- of it: trust (the official container image, many CI servers),
-- scram-sha-256, md5, or peer on the socket with a password on TCP. On a
-- trusting server dblink_connect refused the connection ("password is
-- required"); memory_store.audit_loopback_connect uses dblink_connect_u
-- there, which only memory_owner may execute (docs/audit.md, "Loopback").
BEGIN;

-- Only a superuser may hand out dblink_connect_u; a deploy without one
-- (managed PostgreSQL, where every connection is asked for a password)
-- keeps dblink_connect.
DO $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
       AND pg_catalog.to_regprocedure('extensions.dblink_connect_u(text, text)') IS NOT NULL THEN
        GRANT EXECUTE ON FUNCTION extensions.dblink_connect_u(text, text) TO memory_owner;
    ELSE
        RAISE NOTICE 'not a superuser: the audit loopback keeps dblink_connect, which needs a server that asks memory_audit_writer for a password';
    END IF;
END
$$;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/audit/audit_loopback_connect.v1.sql
\ir ../functions/history/memory_store/audit/audit_autonomous.v3.sql

COMMIT;
