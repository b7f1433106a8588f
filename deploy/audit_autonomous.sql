-- Deploy memory-orchestrator:audit_autonomous to pg
-- requires: api_support
-- The audit row of a failed typed API call must survive the failure, but
-- the call re-raises its error, so everything it wrote in the caller's
-- transaction is rolled back. PostgreSQL has no autonomous transactions:
-- the row is written through a second connection (dblink) that commits on
-- its own, back into this database as the login role memory_audit_writer,
-- which may only insert audit rows.
--   * dblink in schema extensions; only memory_owner may execute its
--     functions (a named connection lives as long as the backend, and any
--     role able to run dblink_exec could reuse it).
--   * memory_audit_writer is cluster-wide, so its password must be the same
--     in every database of the cluster: it is a random secret kept in the
--     server's data directory (file memory_audit_writer.secret, created by
--     the first deploy, mode 0600), never
--     in the repository. Every deploy sets the role's password from it (same
--     value: idempotent) and copies it into memory_store.audit_loopback,
--     readable only by memory_owner.
--   * Host of the loopback: deploy variable audit_loopback_host (default
--     127.0.0.1); port: the server's own (column port NULL) unless set.
BEGIN;

\if :{?audit_loopback_host}
\else
\set audit_loopback_host 127.0.0.1
\endif

-- dblink is not a trusted extension. Without a superuser (managed
-- PostgreSQL) an administrator creates it beforehand (docs/setup.md); where
-- nobody did, the loopback is left out and a failed typed call's row goes to
-- the server log as a WARNING (memory_store.audit_autonomous), as the NOTICE
-- says.
SELECT r.rolsuper AS deploying_superuser FROM pg_catalog.pg_roles r WHERE r.rolname = current_user \gset
\if :deploying_superuser
CREATE EXTENSION IF NOT EXISTS dblink WITH SCHEMA extensions;
\endif
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'dblink') AS have_dblink \gset
\if :have_dblink
\else
DO $$
BEGIN
    RAISE NOTICE 'dblink is not installed and % may not create it: failed typed calls are audited to the server log (WARNING), not to memory_access_logs; an administrator can create dblink in schema extensions (docs/setup.md, "Managed PostgreSQL")', current_user;
END
$$;
\endif

\if :have_dblink
DO $$
DECLARE
    ext_schema name;
    fn regprocedure;
BEGIN
    SELECT n.nspname INTO ext_schema
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'dblink';
    IF ext_schema <> 'extensions' THEN
        RAISE EXCEPTION 'dblink is installed in schema %, memory-orchestrator expects schema extensions', ext_schema
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION dblink SET SCHEMA extensions; (dblink is relocatable)';
    END IF;
    -- Nobody but the package owner opens or uses dblink connections. Only
    -- dblink's owner may revoke; without a superuser an administrator did it
    -- (docs/setup.md), and the verify checks that it is done.
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    FOR fn IN SELECT d.objid::regprocedure FROM pg_catalog.pg_depend d
               WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
                 AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'dblink')
                 AND d.classid = 'pg_catalog.pg_proc'::regclass AND d.deptype = 'e' LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
    END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION extensions.dblink_connect(text, text), extensions.dblink_disconnect(text),
                          extensions.dblink_get_connections(), extensions.dblink_exec(text, text),
                          extensions.dblink(text, text)
   TO memory_owner;
\endif

-- The login role of the loopback (cluster-wide, like the package's roles).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'memory_audit_writer') THEN
        BEGIN
            CREATE ROLE memory_audit_writer LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database of this cluster created it at the same moment
        END;
    END IF;
END
$$;
-- NOSUPERUSER, NOREPLICATION and NOBYPASSRLS may be written only by a
-- superuser; a role created by anyone else never has them.
\if :deploying_superuser
ALTER ROLE memory_audit_writer LOGIN NOSUPERUSER NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
\else
ALTER ROLE memory_audit_writer LOGIN NOINHERIT;  -- (PostgreSQL 16+: only a CREATEDB role may even write NOCREATEDB)
\endif
COMMENT ON ROLE memory_audit_writer IS
    'memory-orchestrator: the audit loopback (dblink) of memory_store.audit_autonomous; may only insert audit rows';

GRANT USAGE ON SCHEMA memory_store TO memory_audit_writer;
GRANT INSERT ON memory_store.memory_access_logs TO memory_audit_writer;
GRANT USAGE ON SEQUENCE memory_store.memory_access_logs_log_id_seq TO memory_audit_writer;
GRANT SELECT (memory_id) ON memory_store.memory_registry TO memory_audit_writer;
GRANT SELECT (session_id) ON memory_store.sessions TO memory_audit_writer;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.audit_loopback (
    singleton boolean NOT NULL DEFAULT true,
    host      text NOT NULL,
    port      integer,
    password  text NOT NULL,
    CONSTRAINT audit_loopback_pkey PRIMARY KEY (singleton),
    CONSTRAINT audit_loopback_singleton_check CHECK (singleton),
    CONSTRAINT audit_loopback_port_check CHECK (port BETWEEN 1 AND 65535)
);
COMMENT ON TABLE memory_store.audit_loopback IS
    'Where memory_store.audit_autonomous connects: host, port (NULL = this server''s port) and the password of memory_audit_writer; memory_owner only';
REVOKE ALL ON memory_store.audit_loopback FROM PUBLIC;

RESET ROLE;

-- The secret: read from the data directory, created there once. It never
-- appears in a statement's text (the server log shows only the DO block).
-- The file is created by a shell (COPY TO PROGRAM runs in the data
-- directory) because COPY TO a file would leave it readable by everyone
-- (mode 0644); umask 077 makes it 0600, and noclobber (O_EXCL) makes the
-- creation atomic: of two databases deploying at once, one writes the file
-- and both use it.
SELECT pg_catalog.set_config('memory_orchestrator.audit_loopback_host', :'audit_loopback_host', true) AS audit_loopback_host_set \gset
DO $$
DECLARE
    c_file   constant text := 'memory_audit_writer.secret';
    v_secret text;
BEGIN
    -- Without a superuser there is no file to keep it in (pg_read_file and
    -- COPY TO PROGRAM are the superuser's): a new secret each deploy, kept
    -- only in the role and in memory_store.audit_loopback.
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        v_secret := pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '');
        EXECUTE pg_catalog.format('ALTER ROLE memory_audit_writer PASSWORD %L', v_secret);
        INSERT INTO memory_store.audit_loopback (host, password)
        VALUES (pg_catalog.current_setting('memory_orchestrator.audit_loopback_host'), v_secret);
        RAISE NOTICE 'not a superuser: the password of memory_audit_writer is new and kept in memory_store.audit_loopback only; another database of this server that uses the loopback needs it too (docs/setup.md)';
        RETURN;
    END IF;
    v_secret := pg_catalog.pg_read_file(c_file, 0, 1024, true);
    IF v_secret IS NULL THEN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_authid WHERE rolname = 'memory_audit_writer' AND rolpassword IS NOT NULL) THEN
            RAISE WARNING 'the secret file % of memory_audit_writer is missing: a new password is set, other databases of this cluster that use the audit loopback need it in memory_store.audit_loopback', c_file;
        END IF;
        -- 2 x 122 random bits from the server's strong random source.
        v_secret := pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '');
        BEGIN
            EXECUTE pg_catalog.format('COPY (SELECT %L) TO PROGRAM %L', v_secret,
                                      'umask 077 && set -C && cat > ' || c_file);
        EXCEPTION WHEN external_routine_exception THEN
            NULL;  -- created meanwhile by another deploy: read below
        END;
        v_secret := pg_catalog.pg_read_file(c_file);
    END IF;
    v_secret := pg_catalog.btrim(v_secret, E' \n\r\t');
    IF v_secret !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'the secret file % in the data directory is not 64 hex digits', c_file
            USING HINT = 'Remove it (a deploy creates a new one) or restore it from a backup.';
    END IF;
    EXECUTE pg_catalog.format('ALTER ROLE memory_audit_writer PASSWORD %L', v_secret);
    INSERT INTO memory_store.audit_loopback (host, password)
    VALUES (pg_catalog.current_setting('memory_orchestrator.audit_loopback_host'), v_secret);
END
$$;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text);
\ir ../functions/history/memory_store/audit_autonomous.v2.sql

COMMIT;
