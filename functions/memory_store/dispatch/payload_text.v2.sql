-- memory_store.payload_text(p_payload jsonb, p_key text, p_required boolean
--     DEFAULT false) RETURNS text
--
-- Typed access to a payload field, with a clear error when it has the wrong
-- JSON type: payload_text / payload_int / payload_bool / payload_object /
-- payload_array (22023 on a wrong type, 22004 when required and missing).
--
-- Errors:
--   39004 % is required
--   22023 % must be a string, got %
-- Example:
--   memory_store.payload_text(p_payload, 'memory_id', true)
--   (as memory_store.dispatch_add_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_text(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb := memory_store.payload_value(p_payload, p_key, p_required);
BEGIN
    IF v_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v_value) <> 'string' THEN
        RAISE EXCEPTION '% must be a string, got %', p_key, jsonb_typeof(v_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value #>> '{}';
END
$fn$;
