-- memory_store.lifecycle_int(p_name text) RETURNS integer
--
-- The value of an integer lifecycle setting (memory_store.lifecycle_setting,
-- cast), or 22023 when there is no integer setting of that name.
--
-- Errors:
--   22004 no name, 22023 no such integer setting.
-- Example:
--   SELECT memory_store.lifecycle_int('purge_batch_size');

CREATE OR REPLACE FUNCTION memory_store.lifecycle_int(p_name text)
RETURNS integer
LANGUAGE sql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT (memory_store.lifecycle_setting(p_name, 'integer') #>> '{}')::integer;
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_int(p_name text) IS 'The value of an integer lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such integer setting.
Example: SELECT memory_store.lifecycle_int(''purge_batch_size'');';
