-- memory_store.payload_json(p_payload jsonb, p_key text, p_type text,
--     p_required boolean DEFAULT false) RETURNS jsonb
--
-- Reads p_key of a dispatch payload as JSON of type p_type (object, array,
-- string, number, boolean): absent or null gives NULL, or 39004 when
-- p_required.
--
-- Errors:
--   39004 % is required
--   22023 % must be a JSON %, got %
-- Example:
--   memory_store.payload_json(p_payload, 'filter', 'object')
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_json(p_payload jsonb, p_key text, p_type text, p_required boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb := memory_store.payload_value(p_payload, p_key, p_required);
BEGIN
    IF v_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v_value) <> p_type THEN
        RAISE EXCEPTION '% must be a JSON %, got %', p_key, p_type, jsonb_typeof(v_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;
