-- The agent API for tags: memory.add_tags, memory.remove_tags,
-- memory.list_tags, memory.tag_counts. Each call writes one audit row
-- (add/remove: update, list/counts: read), successful or not.

CREATE FUNCTION memory.add_tags(p_memory_id text, p_tags text[])
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

COMMENT ON FUNCTION memory.add_tags(text, text[]) IS
$$Adds tags to a visible memory (idempotent: tags it already carries are kept once; at most limits().max_tags per memory) and returns all its tags, sorted. Errors: 22004 missing argument, 22023 empty list / blank, NULL or over-long tag, 54000 too many tags, MO001 no such visible memory.
Example: SELECT memory.add_tags('m-1', ARRAY['travel', 'paris']);  -- {paris,travel}$$;

CREATE FUNCTION memory.remove_tags(p_memory_id text, p_tags text[])
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

COMMENT ON FUNCTION memory.remove_tags(text, text[]) IS
$$Removes tags from a visible memory (tags it does not carry are ignored) and returns the remaining tags, sorted. Errors: 22004, 22023, MO001 as memory.add_tags.
Example: SELECT memory.remove_tags('m-1', ARRAY['paris']);  -- {travel}$$;

CREATE FUNCTION memory.list_tags(p_memory_id text)
RETURNS text[]
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id);
    v_result  text[];
BEGIN
    v_result := memory_store.list_tags_impl(p_memory_id);
    PERFORM memory_store.audit('read', p_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.list_tags(text) IS
$$The tags of a visible memory, sorted (empty array when it has none). Errors: 22004 missing memory_id, 22023 malformed id, MO001 no such visible memory.
Example: SELECT memory.list_tags('m-1');  -- {paris,travel}$$;

CREATE FUNCTION memory.tag_counts(p_user_id text DEFAULT NULL)
RETURNS TABLE (tag text, memory_count bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id);
BEGIN
    RETURN QUERY SELECT c.tag, c.memory_count FROM memory_store.tag_counts_impl(p_user_id) AS c;
    PERFORM memory_store.audit('read', NULL, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.tag_counts(text) IS
$$How many visible memories carry each tag, most used first; with p_user_id only that user's memories (through their sessions). Errors: 22023 malformed user_id.
Example: SELECT * FROM memory.tag_counts(p_user_id => 'u-1');$$;
