-- Revert memory-orchestrator:roles from pg
-- Roles are shared by every database of the cluster. A role that still owns
-- or is granted something in another database (a second deployment, a test
-- database cloned from this one) cannot be dropped; it is kept and reported,
-- and the revert of this database still succeeds.
BEGIN;

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['memory_auditor', 'memory_dba', 'memory_agent', 'memory_owner'] LOOP
        BEGIN
            EXECUTE pg_catalog.format('DROP ROLE IF EXISTS %I', role_name);
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'role % is still used in another database of this cluster; kept', role_name;
        END;
    END LOOP;
END
$$;

COMMIT;
