-- memory_store.lifecycle_interval(p_name text) RETURNS interval
--
-- The value of an interval lifecycle setting
-- (memory_store.lifecycle_settings).
--
-- Errors:
--   22004 no name, 22023 no such interval setting.
-- Example:
--   SELECT memory_store.lifecycle_interval('soft_delete_grace');

CREATE OR REPLACE FUNCTION memory_store.lifecycle_interval(p_name text)
RETURNS interval
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value interval;
BEGIN
    SELECT (s.value #>> '{}')::interval INTO v_value
      FROM memory_store.lifecycle_settings s
     WHERE s.name = memory_store.require('name', p_name) AND s.kind = 'interval';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no interval lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_interval(p_name text) IS 'The value of an interval lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such interval setting.
Example: SELECT memory_store.lifecycle_interval(''soft_delete_grace'');';
