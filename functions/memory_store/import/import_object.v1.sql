-- memory_store.import_object(p_record jsonb, p_field text) RETURNS jsonb
--
-- A JSON object field (NULL when absent or null; 22023 for another type).
--
-- Errors:
--   22023 %: expected an object, got %
-- Example:
--   SELECT memory_store.import_object('{"session_data": {"device": "x"}}', 'session_data');

CREATE OR REPLACE FUNCTION memory_store.import_object(p_record jsonb, p_field text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v jsonb := p_record -> p_field;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'object' THEN
        RAISE EXCEPTION '%: expected an object, got %', p_field, jsonb_typeof(v) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_object(p_record jsonb, p_field text) IS 'Legacy import: an object field of a record, or NULL. Example: SELECT memory_store.import_object(''{"session_data": {"device": "x"}}'', ''session_data'');';
