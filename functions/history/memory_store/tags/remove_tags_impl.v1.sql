-- memory_store.remove_tags_impl(p_memory_id text, p_tags text[]) RETURNS
--     text[]
--
-- Removes tags (a tag the memory does not carry is ignored). Moves the
-- memory's updated_at when a tag was removed. Returns the remaining tags.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   memory_store.remove_tags_impl(p_memory_id, p_tags)
--   (as memory.remove_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.remove_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[] := memory_store.check_tag_array(p_tags);
    v_removed integer;
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, true);
    DELETE FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id AND t.tag = ANY (v_tags);
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    IF v_removed > 0 THEN
        UPDATE memory_store.memory_entries e SET updated_at = now()
         WHERE e.memory_id = p_memory_id AND e.updated_at < now();
    END IF;
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;
