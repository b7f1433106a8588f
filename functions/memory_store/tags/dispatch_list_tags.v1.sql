-- memory_store.dispatch_list_tags(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `list_tags` action of memory.dispatch: The tags of a memory: payload
-- memory_id -> memory_id, tags.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "list_tags", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_list_tags(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);
BEGIN
    RETURN jsonb_build_object('memory_id', v_memory_id,
                              'tags', to_jsonb(memory_store.list_tags_impl(v_memory_id)));
END
$fn$;
