-- memory_store.dispatch_remove_tags(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `remove_tags` action of memory.dispatch: Remove tags from a memory:
-- payload memory_id, tags[] -> memory_id, tags (remaining).
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "remove_tags", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_remove_tags(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);
    v_tags text[] := memory_store.require('tags', memory_store.payload_text_array(p_payload, 'tags'));
BEGIN
    RETURN jsonb_build_object('memory_id', v_memory_id,
                              'tags', to_jsonb(memory_store.remove_tags_impl(v_memory_id, v_tags)));
END
$fn$;
