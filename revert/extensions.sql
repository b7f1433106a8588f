-- Revert memory-orchestrator:extensions from pg
BEGIN;

-- Only an extension this role may drop (a superuser, or the owner): on
-- managed PostgreSQL an administrator created it and keeps it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
                WHERE e.extname = 'vector' AND pg_catalog.pg_has_role(e.extowner, 'USAGE')) THEN
        DROP EXTENSION vector;
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'vector') THEN
        RAISE NOTICE 'extension vector belongs to another role: kept';
    END IF;
END
$$;
DO $$
BEGIN
    DROP SCHEMA IF EXISTS extensions;
EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
    RAISE NOTICE 'schema extensions still holds what an administrator created: kept';
END
$$;

COMMIT;
