-- memory_store.dispatch_walk_relationships(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- The `walk_relationships` action of memory.dispatch: Memories reachable
-- from one: payload memory_id, max_depth, relationship_types[], direction
-- -> results, total_count.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "walk_relationships", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_walk_relationships(p_payload jsonb, p_session_id text)
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
