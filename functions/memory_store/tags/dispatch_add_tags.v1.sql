-- memory_store.dispatch_add_tags(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- Dispatch handlers of the tag actions (memory.dispatch): add_tags,
-- remove_tags, list_tags, tag_counts. Payload fields: memory_id (string),
-- tags (array of strings); tag_counts: user_id (string, optional).
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001, P0001
-- Example:
--   SELECT memory.dispatch('{"action": "add_tags", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_add_tags(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);
    v_tags text[] := memory_store.require('tags', memory_store.payload_text_array(p_payload, 'tags'));
BEGIN
    RETURN jsonb_build_object('memory_id', v_memory_id,
                              'tags', to_jsonb(memory_store.add_tags_impl(v_memory_id, v_tags)));
END
$fn$;
