-- Dispatch handlers of the tag actions (memory.dispatch): add_tags,
-- remove_tags, list_tags, tag_counts. Payload fields: memory_id (string),
-- tags (array of strings); tag_counts: user_id (string, optional).

CREATE FUNCTION memory_store.dispatch_add_tags(p_payload jsonb, p_session_id text)
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

CREATE FUNCTION memory_store.dispatch_remove_tags(p_payload jsonb, p_session_id text)
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

CREATE FUNCTION memory_store.dispatch_list_tags(p_payload jsonb, p_session_id text)
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

CREATE FUNCTION memory_store.dispatch_tag_counts(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user_id text := memory_store.payload_text(p_payload, 'user_id');
BEGIN
    RETURN jsonb_build_object('user_id', v_user_id,
                              'tag_counts', (SELECT coalesce(jsonb_agg(jsonb_build_object('tag', c.tag, 'memory_count', c.memory_count)
                                                                       ORDER BY c.memory_count DESC, c.tag), '[]'::jsonb)
                                               FROM memory_store.tag_counts_impl(v_user_id) AS c));
END
$fn$;
