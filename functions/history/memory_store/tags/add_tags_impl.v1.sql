-- memory_store.add_tags_impl(p_memory_id text, p_tags text[]) RETURNS
--     text[]
--
-- Adds tags (idempotent: a tag the memory already carries is left alone).
-- At most limits().max_tags per memory (54000). Moves the memory's
-- updated_at when a tag was added. Returns the memory's tags, sorted.
--
-- Errors:
--   P0001
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   memory_store.add_tags_impl(p_memory_id, p_tags)
--   (as memory.add_tags calls it)

CREATE OR REPLACE FUNCTION memory_store.add_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[] := memory_store.check_tag_array(p_tags);
    v_total integer;
    v_added integer;
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, true);
    SELECT count(*)::integer INTO v_total
      FROM (SELECT t.tag::text FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id
            UNION
            SELECT unnest(v_tags)) AS all_tags;
    IF v_total > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'a memory carries at most % tags; this would make %', (SELECT max_tags FROM memory_store.limits()), v_total
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    INSERT INTO memory_store.memory_tags (memory_id, tag)
    SELECT p_memory_id, t FROM unnest(v_tags) AS t
    ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    IF v_added > 0 THEN
        UPDATE memory_store.memory_entries e SET updated_at = now()
         WHERE e.memory_id = p_memory_id AND e.updated_at < now();
    END IF;
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;
