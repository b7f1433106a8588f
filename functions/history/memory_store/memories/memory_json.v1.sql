-- memory_store.memory_json(p_memory memory.memory_record) RETURNS jsonb
--
-- A memory as the envelope shows it.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.memory_json(m)
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_json(p_memory memory.memory_record)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT to_jsonb(p_memory) $fn$;
