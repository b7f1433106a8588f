-- memory_store.lifecycle_int(p_name text) RETURNS integer
--
-- The row of one setting, or 22023 when there is no such setting of that kind.
--
-- Errors:
--   22004 no name, 22023 no such integer setting.
-- Example:
--   SELECT memory_store.lifecycle_int('purge_batch_size');

CREATE OR REPLACE FUNCTION memory_store.lifecycle_int(p_name text)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value integer;
BEGIN
    SELECT (s.value #>> '{}')::integer INTO v_value
      FROM memory_store.lifecycle_settings s
     WHERE s.name = memory_store.require('name', p_name) AND s.kind = 'integer';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no integer lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_int(p_name text) IS 'The value of an integer lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such integer setting.
Example: SELECT memory_store.lifecycle_int(''purge_batch_size'');';
