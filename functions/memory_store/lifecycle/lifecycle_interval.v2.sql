-- memory_store.lifecycle_interval(p_name text) RETURNS interval
--
-- The value of an interval lifecycle setting (memory_store.lifecycle_setting,
-- cast), or 22023 when there is no interval setting of that name.
--
-- Errors:
--   22004 no name, 22023 no such interval setting.
-- Example:
--   SELECT memory_store.lifecycle_interval('soft_delete_grace');

CREATE OR REPLACE FUNCTION memory_store.lifecycle_interval(p_name text)
RETURNS interval
LANGUAGE sql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT (memory_store.lifecycle_setting(p_name, 'interval') #>> '{}')::interval;
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_interval(p_name text) IS 'The value of an interval lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such interval setting.
Example: SELECT memory_store.lifecycle_interval(''soft_delete_grace'');';
