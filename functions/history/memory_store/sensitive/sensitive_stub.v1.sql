-- memory_store.sensitive_stub() RETURNS jsonb
--
-- What a sensitive memory's content column holds.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sensitive_stub();

CREATE OR REPLACE FUNCTION memory_store.sensitive_stub()
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT '{"encrypted": true}'::jsonb $fn$;

COMMENT ON FUNCTION memory_store.sensitive_stub() IS 'The content column of a sensitive memory: {"encrypted": true}; the plaintext is only in content_encrypted, encrypted.
Example: SELECT memory_store.sensitive_stub();';
