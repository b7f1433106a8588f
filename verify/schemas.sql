-- Verify memory-orchestrator:schemas on pg
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace
                    WHERE nspname = 'memory_store' AND nspowner = 'memory_owner'::regrole) THEN
        RAISE EXCEPTION 'schema memory_store is missing or not owned by memory_owner';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace
                    WHERE nspname = 'memory' AND nspowner = 'memory_owner'::regrole) THEN
        RAISE EXCEPTION 'schema memory is missing or not owned by memory_owner';
    END IF;
    IF pg_catalog.has_schema_privilege('memory_agent', 'memory_store', 'USAGE') THEN
        RAISE EXCEPTION 'memory_agent must not reach schema memory_store';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_default_acl
                    WHERE defaclrole = 'memory_owner'::regrole AND defaclnamespace = 0
                      AND defaclobjtype = 'f') THEN
        RAISE EXCEPTION 'default privileges of memory_owner still grant EXECUTE to PUBLIC';
    END IF;
END
$$;

ROLLBACK;
