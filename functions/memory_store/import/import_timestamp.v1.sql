-- memory_store.import_timestamp(p_field text, p_value jsonb) RETURNS
--     timestamp with time zone
--
-- A timestamp as the legacy systems write it: ISO-8601 with or without a zone
-- (no zone = UTC), or Unix epoch seconds (JSON number, or a numeric string).
-- PostgreSQL's special inputs ('now', 'epoch', 'infinity') are not accepted:
-- an import must give the same answer every time it runs.
--
-- Errors:
--   22007 %: expected an ISO-8601 string or epoch seconds, got %
--   22008 %: epoch seconds % out of range
-- Example:
--   SELECT memory_store.import_timestamp('created_at', '1709284500.25');

CREATE OR REPLACE FUNCTION memory_store.import_timestamp(p_field text, p_value jsonb)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v text;
    v_epoch double precision;
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) = 'number' THEN
        v := p_value::text;
    ELSIF jsonb_typeof(p_value) = 'string' THEN
        v := btrim(p_value #>> '{}');
    ELSE
        RAISE EXCEPTION '%: expected an ISO-8601 string or epoch seconds, got %', p_field, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_datetime_format';
    END IF;
    IF v ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN
        v_epoch := v::double precision;
        IF abs(v_epoch) > 1e11 THEN   -- past the year 5138: not epoch seconds
            RAISE EXCEPTION '%: epoch seconds % out of range', p_field, v USING ERRCODE = 'datetime_field_overflow';
        END IF;
        RETURN to_timestamp(v_epoch);
    END IF;
    IF jsonb_typeof(p_value) = 'number'
       OR v !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)? ?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$' THEN
        RAISE EXCEPTION '%: % is neither an ISO-8601 timestamp nor epoch seconds', p_field, p_value::text
            USING ERRCODE = 'invalid_datetime_format';
    END IF;
    IF v ~ '[Tt ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN
        RETURN v::timestamptz;                       -- the zone is in the string
    END IF;
    RETURN v::timestamp AT TIME ZONE 'UTC';          -- no zone: UTC
END
$fn$;

COMMENT ON FUNCTION memory_store.import_timestamp(p_field text, p_value jsonb) IS 'Legacy import: ISO-8601 (no zone = UTC) or epoch seconds -> timestamptz; NULL for null. Example: SELECT memory_store.import_timestamp(''created_at'', ''1709284500.25'');';
