-- memory_store.add_tags_impl(p_memory_id text, p_tags text[]) RETURNS
--     text[]
--
-- Adds tags (idempotent: a tag the memory already carries is left alone).
-- At most limits().max_tags per memory (54000). A real change is a new
-- version of the memory (operation 'tag'). Returns the memory's tags,
-- sorted. memory_store.change_tags_impl does it.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, MO001
-- Example:
--   memory_store.add_tags_impl(p_memory_id, p_tags)
--   (as memory.add_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.add_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.change_tags_impl(p_memory_id, p_tags, true)
$fn$;
