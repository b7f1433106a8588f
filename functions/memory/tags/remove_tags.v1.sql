-- memory.remove_tags(p_memory_id text, p_tags text[]) RETURNS text[]
--
-- Removes tags from a visible memory (tags it does not carry are ignored)
-- and returns the remaining tags, sorted.
--
-- Errors:
--   22004, 22023, MO001 as memory.add_tags.
-- Example:
--   SELECT memory.remove_tags('m-1', ARRAY['paris']);  -- {travel}

CREATE OR REPLACE FUNCTION memory.remove_tags(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'tags', to_jsonb(p_tags));
    v_result  text[];
BEGIN
    v_result := memory_store.remove_tags_impl(p_memory_id, p_tags);
    PERFORM memory_store.audit('update', p_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.remove_tags(p_memory_id text, p_tags text[]) IS 'Removes tags from a visible memory (tags it does not carry are ignored) and returns the remaining tags, sorted. Errors: 22004, 22023, MO001 as memory.add_tags.
Example: SELECT memory.remove_tags(''m-1'', ARRAY[''paris'']);  -- {travel}';
