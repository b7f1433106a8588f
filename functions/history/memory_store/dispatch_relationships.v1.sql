-- Dispatch handlers of the relationship actions (memory.dispatch): relate,
-- unrelate, walk_relationships.
--   relate:   source_memory_id, target_memory_id, relationship_type (strings), metadata (object)
--             -> memory_id (the source), relationship {...}
--   unrelate: source_memory_id, target_memory_id, relationship_type (optional) -> memory_id, removed
--   walk_relationships: memory_id, max_depth (default 3), relationship_types[], direction
--             (default outgoing) -> memory_id, results [{memory_id, depth, path, relationship_type,
--             via_memory_id}], total_count

CREATE FUNCTION memory_store.dispatch_relate(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_source text := memory_store.payload_text(p_payload, 'source_memory_id', true);
    v_target text := memory_store.payload_text(p_payload, 'target_memory_id', true);
    v_type text := memory_store.payload_text(p_payload, 'relationship_type', true);
    v_metadata jsonb := memory_store.payload_json(p_payload, 'metadata', 'object');
BEGIN
    RETURN jsonb_build_object('memory_id', v_source,
                              'relationship', to_jsonb(memory_store.relate_impl(v_source, v_target, v_type, v_metadata)));
END
$fn$;

CREATE FUNCTION memory_store.dispatch_unrelate(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_source text := memory_store.payload_text(p_payload, 'source_memory_id', true);
    v_target text := memory_store.payload_text(p_payload, 'target_memory_id', true);
    v_type text := memory_store.payload_text(p_payload, 'relationship_type');
BEGIN
    RETURN jsonb_build_object('memory_id', v_source,
                              'removed', memory_store.unrelate_impl(v_source, v_target, v_type));
END
$fn$;

CREATE FUNCTION memory_store.dispatch_walk_relationships(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);
    v_depth integer := coalesce(memory_store.payload_int(p_payload, 'max_depth'), 3);
    v_types text[] := memory_store.payload_text_array(p_payload, 'relationship_types');
    v_direction text := coalesce(memory_store.payload_text(p_payload, 'direction'), 'outgoing');
    v_results jsonb;
BEGIN
    SELECT coalesce(jsonb_agg(to_jsonb(w) ORDER BY w.depth, w.memory_id), '[]'::jsonb) INTO v_results
      FROM memory_store.walk_relationships_impl(v_memory_id, v_depth, v_types, v_direction) AS w;
    RETURN jsonb_build_object('memory_id', v_memory_id, 'results', v_results,
                              'total_count', jsonb_array_length(v_results));
END
$fn$;
