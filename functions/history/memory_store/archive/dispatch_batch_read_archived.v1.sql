-- memory_store.dispatch_batch_read_archived(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- Dispatch: batch_read_archived, the payload of batch_read (memory_ids
-- and/or filter {memory_type | memory_types, time_range{start,end}, tags,
-- session_id, user_id, source_agent, limit, offset, sort{field, order}}).
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "batch_read_archived", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_batch_read_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_filter jsonb := coalesce(memory_store.payload_json(p_payload, 'filter', 'object'), '{}');
    v_range  jsonb := coalesce(memory_store.payload_json(v_filter, 'time_range', 'object'), '{}');
    v_sort   jsonb := coalesce(memory_store.payload_json(v_filter, 'sort', 'object'), '{}');
    v_types  text[] := coalesce(memory_store.payload_text_array(v_filter, 'memory_types'),
                                ARRAY[memory_store.payload_text(v_filter, 'memory_type')]);
    v_page   memory.memory_page;
BEGIN
    v_page := memory_store.batch_read_archived_impl(
        p_memory_ids     => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_memory_types   => CASE WHEN v_types = ARRAY[NULL::text] THEN NULL ELSE v_types END,
        p_session_id     => coalesce(memory_store.payload_text(v_filter, 'session_id'), p_session_id),
        p_user_id        => memory_store.payload_text(v_filter, 'user_id'),
        p_source_agent   => memory_store.payload_text(v_filter, 'source_agent'),
        p_tags           => memory_store.payload_text_array(v_filter, 'tags'),
        p_created_after  => memory_store.payload_timestamp(v_range, 'start'),
        p_created_before => memory_store.payload_timestamp(v_range, 'end'),
        p_limit          => coalesce(memory_store.payload_int(v_filter, 'limit'), memory_store.payload_int(p_payload, 'limit'), 10),
        p_offset         => coalesce(memory_store.payload_int(v_filter, 'offset'), memory_store.payload_int(p_payload, 'offset'), 0),
        p_sort_field     => coalesce(memory_store.payload_text(v_sort, 'field'), 'created_at'),
        p_sort_order     => coalesce(memory_store.payload_text(v_sort, 'order'), 'desc'));
    RETURN jsonb_build_object(
        'memories', (SELECT coalesce(jsonb_agg(memory_store.memory_json(v_page.memories[i]) ORDER BY i), '[]')
                       FROM generate_subscripts(v_page.memories, 1) AS i),
        'total_count', v_page.total_count,
        'page_info', jsonb_build_object('limit', v_page.page_limit, 'offset', v_page.page_offset,
                                        'has_more', v_page.has_more));
END
$fn$;
