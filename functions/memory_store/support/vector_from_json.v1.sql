-- memory_store.vector_from_json(p_name text, p_value jsonb) RETURNS
--     extensions.vector
--
-- A JSON array of finite numbers -> vector, for the JSON envelope (22023).
--
-- Errors:
--   22023 % must be an array of numbers
-- Example:
--   memory_store.vector_from_json('embedding', p_payload ->
--       'embedding')
--   (as memory_store.dispatch_create calls it)

CREATE OR REPLACE FUNCTION memory_store.vector_from_json(p_name text, p_value jsonb)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_numbers real[];
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '% must be an array of numbers', p_name USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) AS e WHERE jsonb_typeof(e) <> 'number') THEN
        RAISE EXCEPTION '% must contain only numbers (no strings, NaN or null)', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        SELECT array_agg(e::text::real ORDER BY ord) INTO v_numbers
          FROM jsonb_array_elements(p_value) WITH ORDINALITY AS t(e, ord);
    EXCEPTION WHEN numeric_value_out_of_range THEN
        RAISE EXCEPTION '% contains a number outside the range of real', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END;
    RETURN memory_store.check_embedding(v_numbers::extensions.vector);
END
$fn$;
