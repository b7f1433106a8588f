-- memory_store.remove_tags_impl(p_memory_id text, p_tags text[]) RETURNS
--     text[]
--
-- Removes tags (a tag the memory does not carry is ignored). A real change
-- is a new version of the memory (operation 'tag'). Returns the remaining
-- tags. memory_store.change_tags_impl does it.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, MO001
-- Example:
--   memory_store.remove_tags_impl(p_memory_id, p_tags)
--   (as memory.remove_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.remove_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.change_tags_impl(p_memory_id, p_tags, false)
$fn$;
