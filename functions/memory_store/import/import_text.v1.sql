-- memory_store.import_text(p_record jsonb, p_field text, p_required boolean
--     DEFAULT false, p_max integer DEFAULT NULL::integer) RETURNS text
--
-- A text field: strings as they are, numbers as their text (a numeric id is
-- clearly meant as the id). Missing/null and required -> 22004; another JSON
-- type -> 22023; longer than p_max -> 22001.
--
-- Errors:
--   39004 missing required field %
--   22023 %: expected a string, got %
--   22001 %: longer than % characters
-- Example:
--   SELECT memory_store.import_text('{"user_id": "u-42"}', 'user_id', true, 64);

CREATE OR REPLACE FUNCTION memory_store.import_text(p_record jsonb, p_field text, p_required boolean DEFAULT false,
                                         p_max integer DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v jsonb := p_record -> p_field;
    v_text text;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION 'missing required field %', p_field USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) NOT IN ('string', 'number') THEN
        RAISE EXCEPTION '%: expected a string, got %', p_field, jsonb_typeof(v) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_text := v #>> '{}';
    IF p_required AND v_text = '' THEN
        RAISE EXCEPTION 'missing required field % (empty string)', p_field USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_max IS NOT NULL AND length(v_text) > p_max THEN
        RAISE EXCEPTION '%: longer than % characters', p_field, p_max USING ERRCODE = 'string_data_right_truncation';
    END IF;
    RETURN v_text;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_text(p_record jsonb, p_field text, p_required boolean, p_max integer) IS 'Legacy import: a string (or number) field of a record, checked. Example: SELECT memory_store.import_text(''{"user_id": "u-42"}'', ''user_id'', true, 64);';
