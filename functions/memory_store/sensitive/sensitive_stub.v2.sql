-- memory_store.sensitive_stub() RETURNS jsonb
--
-- What a sensitive memory's content column holds. Inlined: a constant in
-- the caller's statement (no SET clause, so the planner may inline it).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sensitive_stub();

CREATE OR REPLACE FUNCTION memory_store.sensitive_stub()
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $fn$ SELECT '{"encrypted": true}'::pg_catalog.jsonb $fn$;

COMMENT ON FUNCTION memory_store.sensitive_stub() IS 'The content column of a sensitive memory: {"encrypted": true}; the plaintext is only in content_encrypted, encrypted.
Example: SELECT memory_store.sensitive_stub();';
