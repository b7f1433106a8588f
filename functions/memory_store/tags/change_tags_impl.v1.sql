-- memory_store.change_tags_impl(p_memory_id text, p_tags text[], p_add
--     boolean) RETURNS text[]
--
-- The one body of add_tags and remove_tags: adds (p_add) or removes tags of
-- a visible memory, locked first, and returns all its tags, sorted. Adding
-- keeps a tag the memory already carries once and refuses to go beyond
-- limits().max_tags; removing ignores tags the memory does not carry. When
-- the tags really change, the memory is versioned first (operation 'tag',
-- memory_store.memory_versions keeps the tags it had), then they change;
-- nothing changes, no version.
--
-- Errors:
--   54000 a memory carries at most % tags; this would make %
--   through the functions it calls: 22004, 22023, 39004, MO001
-- Example:
--   memory_store.change_tags_impl(p_memory_id, p_tags, true)
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.change_tags_impl(p_memory_id text, p_tags text[], p_add boolean)
RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags    text[] := memory_store.check_tag_array(p_tags);
    v_current text[];
    v_next    text[];
    v_outer   text := current_setting('memory_store.change_operation', true);
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, true);
    v_current := memory_store.tags_of(p_memory_id);
    v_next := ARRAY(SELECT DISTINCT t FROM unnest(CASE WHEN p_add THEN v_current || v_tags ELSE v_current END) AS t
                     WHERE p_add OR t <> ALL (v_tags)
                     ORDER BY t);
    IF cardinality(v_next) > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'a memory carries at most % tags; this would make %', (SELECT max_tags FROM memory_store.limits()), cardinality(v_next)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    IF v_next = v_current THEN
        RETURN v_current;
    END IF;
    -- The version first: the kept one has the tags as they were.
    PERFORM set_config('memory_store.change_operation', 'tag', true);
    UPDATE memory_store.memory_entries e SET updated_at = now() WHERE e.memory_id = p_memory_id;
    PERFORM set_config('memory_store.change_operation', coalesce(v_outer, ''), true);
    IF p_add THEN
        INSERT INTO memory_store.memory_tags (memory_id, tag)
        SELECT p_memory_id, t FROM unnest(v_tags) AS t
        ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    ELSE
        DELETE FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id AND t.tag = ANY (v_tags);
    END IF;
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;

COMMENT ON FUNCTION memory_store.change_tags_impl(p_memory_id text, p_tags text[], p_add boolean) IS 'Adds (p_add) or removes tags of a visible memory and returns all its tags; a real change versions the memory first (operation tag). Errors: 22004, 22023 bad tags, 54000 too many tags, MO001 no such visible memory.
Example: SELECT memory_store.change_tags_impl(''m-1'', ARRAY[''travel''], true);';
