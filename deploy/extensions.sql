-- Deploy memory-orchestrator:extensions to pg
-- requires: roles
-- pgvector lives in its own schema "extensions" so that functions can pin
-- search_path to pg_catalog, extensions, pg_temp without trusting "public".
BEGIN;

CREATE SCHEMA IF NOT EXISTS extensions;
COMMENT ON SCHEMA extensions IS 'Extensions used by memory-orchestrator (pgvector)';
REVOKE ALL ON SCHEMA extensions FROM PUBLIC;
GRANT USAGE ON SCHEMA extensions TO memory_owner, memory_agent, memory_dba, memory_auditor;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extension_versions
                    WHERE name = 'vector'
                      AND pg_catalog.string_to_array(pg_catalog.split_part(version, '-', 1), '.')::int[] >= '{0,8}') THEN
        RAISE EXCEPTION 'pgvector >= 0.8 is not installed on this server'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Run scripts/install-system.sh (or ./dev setup) on the database host.';
    END IF;
END
$$;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions;

-- An existing pgvector installed elsewhere (often "public") is not silently used:
-- every script names extensions.vector.
DO $$
DECLARE
    ext_schema name;
    ext_version text;
BEGIN
    SELECT n.nspname, e.extversion INTO ext_schema, ext_version
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'vector';
    IF ext_schema <> 'extensions' THEN
        RAISE EXCEPTION 'pgvector is installed in schema %, memory-orchestrator expects schema extensions', ext_schema
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION vector SET SCHEMA extensions; (pgvector is relocatable)';
    END IF;
    IF pg_catalog.string_to_array(ext_version, '.')::int[] < '{0,8}' THEN
        RAISE EXCEPTION 'pgvector % is installed in this database, 0.8 or newer is required', ext_version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION vector UPDATE;';
    END IF;
END
$$;

COMMIT;
