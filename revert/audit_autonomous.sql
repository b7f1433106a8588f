-- Revert memory-orchestrator:audit_autonomous from pg
-- Back to the in-transaction placeholder (v1). The role memory_audit_writer
-- is cluster-wide: when another database of this cluster still grants it
-- something it is kept (and reported), like the package's roles. The secret
-- file in the data directory is kept too, so a later deploy gives the role
-- the same password again.
BEGIN;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text);
\ir ../functions/history/memory_store/audit_autonomous.v1.sql
DROP FUNCTION memory_store.audit_loopback_conninfo();
DROP TABLE memory_store.audit_loopback;

RESET ROLE;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'memory_audit_writer') THEN
        REVOKE ALL ON SCHEMA memory_store FROM memory_audit_writer;
        REVOKE ALL ON memory_store.memory_access_logs FROM memory_audit_writer;
        REVOKE ALL ON SEQUENCE memory_store.memory_access_logs_log_id_seq FROM memory_audit_writer;
        REVOKE ALL (memory_id) ON memory_store.memory_registry FROM memory_audit_writer;
        REVOKE ALL (session_id) ON memory_store.sessions FROM memory_audit_writer;
    END IF;
END
$$;

-- Only an extension this role may drop (a superuser, or the owner): on
-- managed PostgreSQL an administrator created it and keeps it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
                WHERE e.extname = 'dblink' AND pg_catalog.pg_has_role(e.extowner, 'USAGE')) THEN
        DROP EXTENSION dblink;
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'dblink') THEN
        RAISE NOTICE 'extension dblink belongs to another role: kept';
    END IF;
END
$$;

DO $$
BEGIN
    BEGIN
        DROP ROLE IF EXISTS memory_audit_writer;
    EXCEPTION WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role memory_audit_writer is still used in another database of this cluster; kept';
    END;
END
$$;

COMMIT;
