-- memory_store.json_text(p_value jsonb) RETURNS text
--
-- A JSON scalar as text when it is a string (else NULL): ids taken from a
-- client's JSON must not turn objects or numbers into ids.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.json_text(v_payload -> 'memory_id')
--   (as memory.dispatch calls it)

CREATE OR REPLACE FUNCTION memory_store.json_text(p_value jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT CASE WHEN jsonb_typeof(p_value) = 'string' THEN p_value #>> '{}' END $fn$;
