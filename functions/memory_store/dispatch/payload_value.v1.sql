-- memory_store.payload_value(p_payload jsonb, p_key text, p_required boolean
--     DEFAULT false) RETURNS jsonb
--
-- The JSON value of p_key in a dispatch payload, or SQL NULL when the key is
-- absent or JSON null; with p_required, absent or null is an error. The
-- typed readers (payload_text, payload_int, payload_json, ...) start here
-- and then check the type.
--
-- Errors:
--   39004 % is required
-- Example:
--   SELECT memory_store.payload_value('{"limit": 5}', 'limit');  -- 5

CREATE OR REPLACE FUNCTION memory_store.payload_value(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS jsonb
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
    RETURN p_payload -> p_key;
END
$fn$;

COMMENT ON FUNCTION memory_store.payload_value(p_payload jsonb, p_key text, p_required boolean) IS 'The JSON value of p_key in a dispatch payload, or NULL when absent or JSON null. Errors: 39004 absent or null with p_required.
Example: SELECT memory_store.payload_value(''{"limit": 5}'', ''limit'');';
