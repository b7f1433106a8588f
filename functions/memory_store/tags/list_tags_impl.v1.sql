-- memory_store.list_tags_impl(p_memory_id text) RETURNS text[]
--
-- The tags of a visible memory, sorted.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   memory_store.list_tags_impl(p_memory_id)
--   (as memory.list_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.list_tags_impl(p_memory_id text)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, false);
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;
