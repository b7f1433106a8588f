-- Verify memory-orchestrator:maintainer_role on pg
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                    WHERE rolname = 'memory_maintainer' AND NOT rolcanlogin AND NOT rolsuper AND rolbypassrls
                      AND rolinherit AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolreplication) THEN
        RAISE EXCEPTION 'role memory_maintainer is missing, or not exactly NOLOGIN BYPASSRLS';
    END IF;
    IF NOT pg_catalog.pg_has_role('memory_maintainer', 'memory_owner', 'USAGE') THEN
        RAISE EXCEPTION 'memory_maintainer is not a member of memory_owner';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                WHERE m.roleid = 'memory_maintainer'::regrole) THEN
        RAISE EXCEPTION 'memory_maintainer must have no members: nobody may SET ROLE to it';
    END IF;
END
$$;

ROLLBACK;
