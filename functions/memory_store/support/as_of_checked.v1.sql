-- memory_store.as_of_checked(p_as_of timestamp with time zone) RETURNS
--     timestamp with time zone
--
-- The instant of an as_of call, checked: required, and not in the future
-- (later than clock_timestamp(): the store has no state there yet; a client
-- that wants the present leaves as_of out).
--
-- Errors:
--   22004 as_of is required
--   22023 as_of % is in the future
-- Example:
--   SELECT memory_store.as_of_checked(now() - interval '1 hour');

CREATE OR REPLACE FUNCTION memory_store.as_of_checked(p_as_of timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_as_of IS NULL THEN
        RAISE EXCEPTION 'as_of is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_as_of > clock_timestamp() THEN
        RAISE EXCEPTION 'as_of % is in the future: the store has no state there yet (leave as_of out for the present)', p_as_of
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_as_of;
END
$fn$;

COMMENT ON FUNCTION memory_store.as_of_checked(p_as_of timestamp with time zone) IS 'The instant of an as_of call, checked: 22004 missing, 22023 in the future (later than clock_timestamp()).
Example: SELECT memory_store.as_of_checked(now() - interval ''1 hour'');';
