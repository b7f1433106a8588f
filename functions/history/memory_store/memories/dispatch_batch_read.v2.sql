-- memory_store.dispatch_batch_read(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- batch_read: payload.memory_ids and/or payload.filter {memory_type | memory_types, time_range{start,end},
-- tags, session_id, user_id, source_agent, include_inactive, limit, offset, sort{field, order}};
-- payload.as_of (ISO-8601): over the memories as they stood at that instant
-- (memory_store.memory_page_read 'as_of').
--
-- Errors:
--   through the functions it calls: 22004, 22023 (a malformed or future as_of too), 39004
-- Example:
--   SELECT memory.dispatch('{"action": "batch_read", "payload": {"filter": {"tags": ["paris"]}, "as_of": "2026-12-01T12:00:00Z"}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_batch_read(p_payload jsonb, p_session_id text)
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
    v_as_of  timestamptz := memory_store.payload_timestamp(p_payload, 'as_of');
    v_page   memory.memory_page;
BEGIN
    v_page := memory_store.memory_page_read(
        p_source           => CASE WHEN v_as_of IS NULL THEN 'hot' ELSE 'as_of' END,
        p_as_of            => v_as_of,
        p_memory_ids       => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_memory_types     => CASE WHEN v_types = ARRAY[NULL::text] THEN NULL ELSE v_types END,
        p_session_id       => coalesce(memory_store.payload_text(v_filter, 'session_id'), p_session_id),
        p_user_id          => memory_store.payload_text(v_filter, 'user_id'),
        p_source_agent     => memory_store.payload_text(v_filter, 'source_agent'),
        p_tags             => memory_store.payload_text_array(v_filter, 'tags'),
        p_created_after    => memory_store.payload_timestamp(v_range, 'start'),
        p_created_before   => memory_store.payload_timestamp(v_range, 'end'),
        p_include_inactive => memory_store.payload_bool(v_filter, 'include_inactive', false),
        p_include_expired  => memory_store.payload_bool(v_filter, 'include_inactive', false),
        p_limit            => coalesce(memory_store.payload_int(v_filter, 'limit'), memory_store.payload_int(p_payload, 'limit'), 10),
        p_offset           => coalesce(memory_store.payload_int(v_filter, 'offset'), memory_store.payload_int(p_payload, 'offset'), 0),
        p_sort_field       => coalesce(memory_store.payload_text(v_sort, 'field'), 'created_at'),
        p_sort_order       => coalesce(memory_store.payload_text(v_sort, 'order'), 'desc'));
    RETURN jsonb_build_object(
        'memories', (SELECT coalesce(jsonb_agg(memory_store.memory_json(m) ORDER BY ord), '[]')
                       FROM unnest(v_page.memories) WITH ORDINALITY AS t(memory_id, session_id, memory_type, content,
                            text_content, source_agent, created_at, updated_at, expires_at, priority, is_active, tags, ord)
                       CROSS JOIN LATERAL (SELECT ROW(t.memory_id, t.session_id, t.memory_type, t.content, t.text_content,
                            t.source_agent, t.created_at, t.updated_at, t.expires_at, t.priority, t.is_active,
                            t.tags)::memory.memory_record AS m) AS r),
        'total_count', v_page.total_count,
        'page_info', jsonb_build_object('limit', v_page.page_limit, 'offset', v_page.page_offset,
                                        'has_more', v_page.has_more));
END
$fn$;
