-- Verify memory-orchestrator:maintainer_role on pg
BEGIN;

DO $$
DECLARE
    -- A deploy without a superuser (managed PostgreSQL) cannot give BYPASSRLS
    -- and must be a member itself (deploy/maintainer_role.sql).
    v_super boolean := (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                    WHERE rolname = 'memory_maintainer' AND NOT rolcanlogin AND NOT rolsuper
                      AND (rolbypassrls OR NOT v_super)
                      AND rolinherit AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolreplication) THEN
        RAISE EXCEPTION 'role memory_maintainer is missing, or not exactly NOLOGIN BYPASSRLS';
    END IF;
    IF NOT pg_catalog.pg_has_role('memory_maintainer', 'memory_owner', 'USAGE') THEN
        RAISE EXCEPTION 'memory_maintainer is not a member of memory_owner';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                WHERE m.roleid = 'memory_maintainer'::regrole
                  AND (v_super OR m.member <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user))) THEN
        RAISE EXCEPTION 'memory_maintainer must have no members: nobody may SET ROLE to it';
    END IF;
END
$$;

ROLLBACK;
