-- Revert memory-orchestrator:crypto_extension from pg
BEGIN;

-- Only an extension this role may drop (a superuser, or the owner): on
-- managed PostgreSQL an administrator created it and keeps it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
                WHERE e.extname = 'pgcrypto' AND pg_catalog.pg_has_role(e.extowner, 'USAGE')) THEN
        DROP EXTENSION pgcrypto;
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'pgcrypto') THEN
        RAISE NOTICE 'extension pgcrypto belongs to another role: kept';
    END IF;
END
$$;

COMMIT;
