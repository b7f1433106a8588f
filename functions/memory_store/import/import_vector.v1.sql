-- memory_store.import_vector(p_field text, p_value jsonb) RETURNS
--     extensions.vector
--
-- An embedding: absent/null = none; otherwise exactly 1536 finite numbers
-- (limits().embedding_dimensions). JSON has no NaN or infinity; a number
-- beyond the range of real is refused by pgvector.
--
-- Errors:
--   22023 %: expected an array of % numbers, got %
-- Example:
--   SELECT memory_store.import_vector('embedding', NULL);

CREATE OR REPLACE FUNCTION memory_store.import_vector(p_field text, p_value jsonb)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_dims integer := (SELECT embedding_dimensions FROM memory_store.limits());
    v_message text;
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '%: expected an array of % numbers, got %', p_field, v_dims, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_array_length(p_value) <> v_dims THEN
        RAISE EXCEPTION '%: expected % numbers, got %', p_field, v_dims, jsonb_array_length(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        RETURN p_value::text::extensions.vector;      -- jsonb prints numbers in a form vector_in reads
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT;
        RAISE EXCEPTION '%: must contain only finite numbers in the range of real (%)', p_field,
                        left(v_message, 120)
            USING ERRCODE = 'invalid_parameter_value';
    END;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_vector(p_field text, p_value jsonb) IS 'Legacy import: a JSON array of exactly 1536 finite numbers -> vector, NULL for null. Example: SELECT memory_store.import_vector(''embedding'', NULL);';
