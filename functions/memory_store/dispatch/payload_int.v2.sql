-- memory_store.payload_int(p_payload jsonb, p_key text, p_required boolean
--     DEFAULT false) RETURNS integer
--
-- Reads p_key of a dispatch payload as an integer: a JSON number without a
-- fraction; absent or null gives NULL, or 39004 when p_required.
--
-- Errors:
--   39004 % is required
--   22023 % must be an integer
-- Example:
--   memory_store.payload_int(v_filter, 'limit')
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_int(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb := memory_store.payload_value(p_payload, p_key, p_required);
BEGIN
    IF v_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v_value) <> 'number' OR (v_value #>> '{}') !~ '^-?[0-9]{1,9}$' THEN
        RAISE EXCEPTION '% must be an integer', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (v_value #>> '{}')::integer;
END
$fn$;
