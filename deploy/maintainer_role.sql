-- Deploy memory-orchestrator:maintainer_role to pg
-- requires: roles
-- memory_maintainer: the owner of the functions that must see every tenant.
-- Row-level security is FORCEd on the user-owned tables (change
-- tenancy_policies), so even their owner memory_owner sees only the rows of
-- the tenant the session acts for; a SECURITY DEFINER function owned by
-- memory_owner and run by a DBA or a pg_cron job (no tenant) would silently
-- see nothing - a purge would purge nothing, an import would find no rows
-- to compare with. The maintenance and import functions are owned by this
-- role instead: NOLOGIN, BYPASSRLS, and a member of memory_owner, so it has
-- the owner's table privileges. Nobody is a member of it, so nobody can
-- SET ROLE to it; it acts only through the functions it owns.
-- Roles are cluster-wide and several databases of a cluster deploy this
-- plan: it is created only when missing (like deploy/roles.sql), and
-- BYPASSRLS needs a superuser, which sqitch deploy is.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'memory_maintainer') THEN
        BEGIN
            IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
                CREATE ROLE memory_maintainer NOLOGIN BYPASSRLS;
            ELSE
                CREATE ROLE memory_maintainer NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database of this cluster created it at the same moment
        END;
    END IF;
END
$$;
-- Only a superuser may give BYPASSRLS (PostgreSQL 15). Without one (managed
-- PostgreSQL) memory_maintainer is created without it and the tenant policy
-- lets it see every tenant instead (memory_store.sees_all_tenants, change
-- managed_server); the deploying role must be a member to make it the owner
-- of the maintenance functions.
DO $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        ALTER ROLE memory_maintainer NOLOGIN NOSUPERUSER INHERIT NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS;
    ELSE
        ALTER ROLE memory_maintainer NOLOGIN INHERIT;  -- created without the other attributes; PostgreSQL 16+ lets only a CREATEDB role write NOCREATEDB
        IF NOT pg_catalog.pg_has_role(current_user, 'memory_maintainer', 'USAGE') THEN
            GRANT memory_maintainer TO CURRENT_USER;
        END IF;
        RAISE NOTICE 'not a superuser: memory_maintainer has no BYPASSRLS (the tenant policy admits it) and % is a member of it', current_user;
    END IF;
END
$$;
DO $$
BEGIN
    IF NOT pg_catalog.pg_has_role('memory_maintainer', 'memory_owner', 'MEMBER') THEN
        GRANT memory_owner TO memory_maintainer;
    END IF;
END
$$;

COMMENT ON ROLE memory_maintainer IS
    'memory-orchestrator: owns the maintenance, import and ownership-trigger functions that must see every tenant (BYPASSRLS, member of memory_owner, NOLOGIN)';

COMMIT;
