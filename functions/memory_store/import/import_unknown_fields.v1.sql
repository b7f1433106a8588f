-- memory_store.import_unknown_fields(p_record jsonb, p_known text[]) RETURNS
--     jsonb
--
-- The start of every record mapping: the record must be a JSON object; its
-- fields the mapping does not know, as one object (NULL when none), to keep
-- under "legacy_extra".
--
-- Errors:
--   22023 record must be a JSON object, got %
-- Example:
--   SELECT memory_store.import_unknown_fields('{"a": 1, "b": 2}', ARRAY['a']);

CREATE OR REPLACE FUNCTION memory_store.import_unknown_fields(p_record jsonb, p_known text[])
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_record) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'record must be a JSON object, got %', coalesce(jsonb_typeof(p_record), 'nothing')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN memory_store.import_extra(p_record, p_known);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_unknown_fields(p_record jsonb, p_known text[]) IS 'Legacy import: checks that a record is an object and returns its unknown fields (or NULL). Example: SELECT memory_store.import_unknown_fields(''{"a": 1, "b": 2}'', ARRAY[''a'']);';
