-- memory_store.payload_bool(p_payload jsonb, p_key text, p_default boolean
--     DEFAULT NULL::boolean) RETURNS boolean
--
-- Reads p_key of a dispatch payload as a boolean: JSON true / false; absent
-- or null gives p_default.
--
-- Errors:
--   22023 % must be true or false
-- Example:
--   memory_store.payload_bool(v_filter, 'include_inactive', false)
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_bool(p_payload jsonb, p_key text, p_default boolean DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        RETURN p_default;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> 'boolean' THEN
        RAISE EXCEPTION '% must be true or false', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (p_payload -> p_key)::boolean;
END
$fn$;
