-- Verify memory-orchestrator:roles on pg
BEGIN;

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['memory_owner', 'memory_agent', 'memory_dba', 'memory_auditor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            RAISE EXCEPTION 'role % is missing', role_name;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                    WHERE rolname = role_name AND (rolcanlogin OR rolsuper OR rolbypassrls)) THEN
            RAISE EXCEPTION 'role % must be NOLOGIN, NOSUPERUSER and NOBYPASSRLS', role_name;
        END IF;
    END LOOP;
END
$$;

ROLLBACK;
