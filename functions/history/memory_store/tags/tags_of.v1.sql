-- memory_store.tags_of(p_memory_id text) RETURNS text[]
--
-- The tags of a memory, sorted (empty array when it has none).
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.tags_of(p_memory_id)
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.tags_of(p_memory_id text)
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(array_agg(t.tag::text ORDER BY t.tag), '{}')
      FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id
$fn$;
