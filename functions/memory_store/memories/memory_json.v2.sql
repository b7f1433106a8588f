-- memory_store.memory_json(p_memory memory.memory_record) RETURNS jsonb
--
-- A memory as the envelope shows it. Inlined into the caller's statement
-- (STABLE like to_jsonb, whose timestamps follow TimeZone; no SET clause).
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.memory_json(m)
--   (as memory_store.dispatch_batch_read calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_json(p_memory memory.memory_record)
RETURNS jsonb
LANGUAGE sql STABLE
AS $fn$ SELECT pg_catalog.to_jsonb(p_memory) $fn$;
