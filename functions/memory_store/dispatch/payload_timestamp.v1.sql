-- memory_store.payload_timestamp(p_payload jsonb, p_key text) RETURNS
--     timestamp with time zone
--
-- A JSON timestamp string -> timestamptz (22023 on anything else).
--
-- Errors:
--   22023 % must be an ISO-8601 timestamp
--   through the functions it calls: 39004
-- Example:
--   memory_store.payload_timestamp(v_range, 'start')
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.payload_timestamp(p_payload jsonb, p_key text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_text text := memory_store.payload_text(p_payload, p_key);
BEGIN
    IF v_text IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        RETURN v_text::timestamptz;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION '% must be an ISO-8601 timestamp', p_key USING ERRCODE = 'invalid_parameter_value';
    END;
END
$fn$;
