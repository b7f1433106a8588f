-- Deploy memory-orchestrator:roles to pg
-- The package's four group roles. They are cluster-wide, NOLOGIN, and carry
-- privileges only; people and services log in as their own roles and are
-- granted membership (GRANT memory_agent TO voice_assistant).
--   memory_owner   owns every object of the package
--   memory_agent   calls the agent API (EXECUTE on functions of schema memory)
--   memory_dba     runs maintenance (partition upkeep, lifecycle jobs)
--   memory_auditor reads the access log
-- Their privileges are granted by the changes that create the objects.
BEGIN;

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['memory_owner', 'memory_agent', 'memory_dba', 'memory_auditor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Another database of this cluster created it at the same moment.
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- A deploy without a superuser (managed PostgreSQL: a role that owns the
-- database and has CREATEROLE, docs/setup.md) creates schemas, tables and
-- functions owned by memory_owner, which needs membership in it, with
-- INHERIT and SET: on PostgreSQL 16 and later CREATE ROLE already made the
-- creator a member, but with ADMIN only (createrole_self_grant), so the test
-- is USAGE, not MEMBER.
DO $$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
       AND NOT pg_catalog.pg_has_role(current_user, 'memory_owner', 'USAGE') THEN
        GRANT memory_owner TO CURRENT_USER;
        RAISE NOTICE 'not a superuser: % becomes a member of memory_owner, whose objects it deploys', current_user;
    END IF;
END
$$;

COMMENT ON ROLE memory_owner IS 'memory-orchestrator: owns every table and function of the package';
COMMENT ON ROLE memory_agent IS 'memory-orchestrator: agents; EXECUTE on the API in schema memory, no table privileges';
COMMENT ON ROLE memory_dba IS 'memory-orchestrator: database administrators; runs maintenance functions';
COMMENT ON ROLE memory_auditor IS 'memory-orchestrator: auditors; reads memory_store.memory_access_logs';

COMMIT;
