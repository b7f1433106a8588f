-- memory_store.set_lifecycle_setting(p_name text, p_value jsonb) RETURNS
--     memory_store.lifecycle_settings
--
-- Changes one lifecycle setting at run time; the next job run uses it.
-- Returns the settings row.
--
-- Errors:
--   22004 missing name or value, 22023 unknown setting or a value of the
--   wrong kind or out of bounds.
-- Example:
--   SELECT memory_store.set_lifecycle_setting('soft_delete_grace', '"7 days"');  SELECT memory_store.set_lifecycle_setting('purge_batch_size', '10000');

CREATE OR REPLACE FUNCTION memory_store.set_lifecycle_setting(p_name text, p_value jsonb)
RETURNS memory_store.lifecycle_settings
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory_store.lifecycle_settings;
BEGIN
    PERFORM memory_store.require('name', p_name);
    PERFORM memory_store.require('value', p_value);
    UPDATE memory_store.lifecycle_settings SET value = p_value WHERE name = p_name RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_row;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_lifecycle_setting(p_name text, p_value jsonb) IS 'Changes one lifecycle setting at run time; the next job run uses it. Returns the settings row. Errors: 22004 missing name or value, 22023 unknown setting or a value of the wrong kind or out of bounds.
Example: SELECT memory_store.set_lifecycle_setting(''soft_delete_grace'', ''"7 days"'');  SELECT memory_store.set_lifecycle_setting(''purge_batch_size'', ''10000'');';
