-- memory_store.list_tags_impl(p_memory_id text) RETURNS text[]
--
-- The tags of a visible memory, sorted.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   v_result := memory_store.list_tags_impl(p_memory_id);   -- in memory.list_tags

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
