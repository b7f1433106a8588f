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
--   v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);   -- in memory_store.dispatch_add_tags

CREATE OR REPLACE FUNCTION memory_store.payload_text(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION '% is required', p_key USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> 'string' THEN
        RAISE EXCEPTION '% must be a string, got %', p_key, jsonb_typeof(p_payload -> p_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_payload ->> p_key;
END
$fn$;
