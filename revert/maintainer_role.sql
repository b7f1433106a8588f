-- Revert memory-orchestrator:maintainer_role from pg
-- The role is cluster-wide: when it still owns something in another
-- database of this cluster it cannot be dropped, and it is kept (and
-- reported), as deploy/roles.sql's revert does.
BEGIN;

DO $$
BEGIN
    BEGIN
        DROP ROLE IF EXISTS memory_maintainer;
    EXCEPTION WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role memory_maintainer is still used in another database of this cluster; kept';
    END;
END
$$;

COMMIT;
