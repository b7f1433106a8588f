-- Deploy memory-orchestrator:crypto_extension to pg
-- requires: extensions
-- pgcrypto (a contrib module: Debian's postgresql-N server package ships it)
-- in schema extensions, beside pgvector and dblink, so that functions can
-- name extensions.pgp_sym_encrypt with a pinned search_path. Sensitive
-- memories (change sensitive_memories) are encrypted with it.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'pgcrypto') THEN
        RAISE EXCEPTION 'pgcrypto is not installed on this server'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'pgcrypto comes with the PostgreSQL server package (postgresql-N on Debian, postgresql-contrib elsewhere).';
    END IF;
END
$$;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

-- An existing pgcrypto installed elsewhere (often "public") is not silently
-- used: every function names extensions.pgp_sym_*.
DO $$
DECLARE
    ext_schema name;
BEGIN
    SELECT n.nspname INTO ext_schema
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    IF ext_schema <> 'extensions' THEN
        RAISE EXCEPTION 'pgcrypto is installed in schema %, memory-orchestrator expects schema extensions', ext_schema
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION pgcrypto SET SCHEMA extensions; (pgcrypto is relocatable)';
    END IF;
END
$$;

COMMIT;
