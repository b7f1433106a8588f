-- memory_store.dispatch_relate(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- Dispatch handlers of the relationship actions (memory.dispatch): relate,
-- unrelate, walk_relationships.
--   relate:   source_memory_id, target_memory_id, relationship_type (strings), metadata (object)
--             -> memory_id (the source), relationship {...}
--   unrelate: source_memory_id, target_memory_id, relationship_type (optional) -> memory_id, removed
--   walk_relationships: memory_id, max_depth (default 3), relationship_types[], direction
--             (default outgoing) -> memory_id, results [{memory_id, depth, path, relationship_type,
--             via_memory_id}], total_count
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "relate", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_relate(p_payload jsonb, p_session_id text)
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
