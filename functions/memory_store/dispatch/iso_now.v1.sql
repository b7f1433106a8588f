-- memory_store.iso_now() RETURNS text
--
-- The envelope's timestamp: ISO-8601, UTC, microseconds.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.iso_now()
--   (as memory.dispatch calls it)

CREATE OR REPLACE FUNCTION memory_store.iso_now()
RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $fn$;
