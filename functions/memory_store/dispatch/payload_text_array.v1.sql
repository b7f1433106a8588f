-- memory_store.payload_text_array(p_payload jsonb, p_key text) RETURNS
--     text[]
--
-- A JSON array of strings -> text[] (22023 on anything else).
--
-- Errors:
--   22023 % must be an array of strings
--   through the functions it calls: 39004
-- Example:
--   memory_store.payload_text_array(p_payload, 'tags')
--   (as memory_store.dispatch_add_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_text_array(p_payload jsonb, p_key text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb := memory_store.payload_json(p_payload, p_key, 'array');
BEGIN
    IF v_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(v_value) AS e WHERE jsonb_typeof(e) <> 'string') THEN
        RAISE EXCEPTION '% must be an array of strings', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN ARRAY(SELECT jsonb_array_elements_text(v_value));
END
$fn$;
