-- memory.add_tags(p_memory_id text, p_tags text[]) RETURNS text[]
--
-- The agent API for tags: memory.add_tags, memory.remove_tags,
-- memory.list_tags, memory.tag_counts. Each call writes one audit row
-- (add/remove: update, list/counts: read), successful or not.
--
-- Errors:
--   22004 missing argument, 22023 empty list / blank, NULL or over-long
--   tag, 54000 too many tags, MO001 no such visible memory.
-- Example:
--   SELECT memory.add_tags('m-1', ARRAY['travel', 'paris']);  -- {paris,travel}

CREATE OR REPLACE FUNCTION memory.add_tags(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'tags', to_jsonb(p_tags));
    v_result  text[];
BEGIN
    v_result := memory_store.add_tags_impl(p_memory_id, p_tags);
    PERFORM memory_store.audit('update', p_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.add_tags(p_memory_id text, p_tags text[]) IS 'Adds tags to a visible memory (idempotent: tags it already carries are kept once; at most limits().max_tags per memory) and returns all its tags, sorted. Errors: 22004 missing argument, 22023 empty list / blank, NULL or over-long tag, 54000 too many tags, MO001 no such visible memory.
Example: SELECT memory.add_tags(''m-1'', ARRAY[''travel'', ''paris'']);  -- {paris,travel}';
