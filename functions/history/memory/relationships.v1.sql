-- The agent API for relationships between memories: memory.relate,
-- memory.unrelate, memory.walk_relationships. Each call writes one audit row
-- (relate: create, unrelate: delete, walk: read), successful or not.

CREATE FUNCTION memory.relate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text,
                              p_metadata jsonb DEFAULT NULL)
RETURNS memory.relationship
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('source_memory_id', p_source_memory_id, 'target_memory_id', p_target_memory_id,
                                          'relationship_type', p_relationship_type, 'metadata', p_metadata);
    v_result  memory.relationship;
BEGIN
    v_result := memory_store.relate_impl(p_source_memory_id, p_target_memory_id, p_relationship_type, p_metadata);
    PERFORM memory_store.audit('create', p_source_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_source_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.relate(text, text, text, jsonb) IS
$$Links two visible memories, source -> target, with a relationship type (1..32 characters) and optional metadata (a JSON object). Idempotent on (source, target, type): a repeated call returns the existing row, metadata unchanged. Errors: 22004 missing argument, 22023 self-relation / malformed id or type / metadata not an object, 54000 metadata too big, MO001 no such visible memory.
Example: SELECT * FROM memory.relate('m-1', 'm-2', 'follows_up', '{"confidence": 0.9}');$$;

CREATE FUNCTION memory.unrelate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('source_memory_id', p_source_memory_id, 'target_memory_id', p_target_memory_id,
                                          'relationship_type', p_relationship_type);
    v_result  boolean;
BEGIN
    v_result := memory_store.unrelate_impl(p_source_memory_id, p_target_memory_id, p_relationship_type);
    PERFORM memory_store.audit('delete', p_source_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', p_source_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.unrelate(text, text, text) IS
$$Removes the link source -> target of the given type (of every type when p_relationship_type is NULL); true when a link was removed, false when there was none. Errors: 22004 missing id, 22023 malformed id or type, MO001 no such visible memory.
Example: SELECT memory.unrelate('m-1', 'm-2', 'follows_up');  -- true$$;

CREATE FUNCTION memory.walk_relationships(p_memory_id text, p_max_depth integer DEFAULT 3,
                                          p_relationship_types text[] DEFAULT NULL,
                                          p_direction text DEFAULT 'outgoing')
RETURNS TABLE (memory_id varchar(64), depth integer, path text[], relationship_type varchar(32),
               via_memory_id varchar(64))
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'max_depth', p_max_depth,
                                          'relationship_types', to_jsonb(p_relationship_types), 'direction', p_direction);
BEGIN
    RETURN QUERY SELECT w.memory_id, w.depth, w.path, w.relationship_type, w.via_memory_id
                   FROM memory_store.walk_relationships_impl(p_memory_id, p_max_depth, p_relationship_types, p_direction) AS w;
    PERFORM memory_store.audit('read', p_memory_id, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.walk_relationships(text, integer, text[], text) IS
$$The visible memories reachable from a visible memory in 1..p_max_depth (1..10) steps along links 'outgoing' (source -> target), 'incoming' or 'both', optionally only of p_relationship_types. Each memory once, at its smallest depth: path = ids from the start to it, relationship_type = the link that reached it, via_memory_id = the memory it was reached from. Cycles end (a path never revisits a memory); ordered by depth, memory_id. Errors: 22004 missing argument, 22023 depth out of range / unknown direction / bad type list, MO001 no such visible memory.
Example: SELECT * FROM memory.walk_relationships('m-1', p_max_depth => 2, p_direction => 'both');$$;
