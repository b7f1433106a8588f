-- memory_store.import_try_jsonb(p_raw text) RETURNS jsonb
--
-- JSON text -> jsonb, NULL when it does not parse (for the reconciliation,
-- which counts what every parsable record names).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_try_jsonb('{"a": 1');

CREATE OR REPLACE FUNCTION memory_store.import_try_jsonb(p_raw text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN p_raw::jsonb;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_try_jsonb(p_raw text) IS 'Legacy import: parse JSON text, NULL when it is not valid JSON. Example: SELECT memory_store.import_try_jsonb(''{"a": 1'');';
