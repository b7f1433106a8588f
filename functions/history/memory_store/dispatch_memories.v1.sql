-- Dispatch handlers of the memory actions: payload (spec section 2) in,
-- response `data` out. They read the payload only through the typed
-- payload_* helpers and call the same *_impl functions as the typed API.

-- A memory as the envelope shows it.
CREATE FUNCTION memory_store.memory_json(p_memory memory.memory_record)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT to_jsonb(p_memory) $fn$;

-- create: payload.memory_type, content {text, source_agent, metadata, ...}, tags, ttl | expires_at,
-- priority, embedding + embedding_model, memory_id, session_id (else the envelope's).
CREATE FUNCTION memory_store.dispatch_create(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_content jsonb := memory_store.payload_json(p_payload, 'content', 'object', true);
    v_result  memory.memory_record;
BEGIN
    v_result := memory_store.create_memory_impl(
        p_memory_type     => memory_store.payload_text(p_payload, 'memory_type', true),
        p_content         => v_content,
        p_session_id      => coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id),
        p_source_agent    => coalesce(memory_store.payload_text(p_payload, 'source_agent'),
                                      memory_store.payload_text(v_content, 'source_agent')),
        p_tags            => memory_store.payload_text_array(p_payload, 'tags'),
        p_ttl_seconds     => memory_store.payload_int(p_payload, 'ttl'),
        p_expires_at      => memory_store.payload_timestamp(p_payload, 'expires_at'),
        p_priority        => memory_store.payload_int(p_payload, 'priority'),
        p_embedding       => memory_store.vector_from_json('embedding', p_payload -> 'embedding'),
        p_embedding_model => memory_store.payload_text(p_payload, 'embedding_model'),
        p_memory_id       => memory_store.payload_text(p_payload, 'memory_id'));
    RETURN jsonb_build_object('memory_id', v_result.memory_id, 'created_at', v_result.created_at,
                              'expires_at', v_result.expires_at, 'session_id', v_result.session_id);
END
$fn$;

-- read: payload.memory_id, include_inactive.
CREATE FUNCTION memory_store.dispatch_read(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.read_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true),
        memory_store.payload_bool(p_payload, 'include_inactive', false)));
END
$fn$;

-- update: payload.memory_id, content, merge_content, tags, ttl | expires_at | clear_expiry, priority.
CREATE FUNCTION memory_store.dispatch_update(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    v_result := memory_store.update_memory_impl(
        p_memory_id     => memory_store.payload_text(p_payload, 'memory_id', true),
        p_content       => memory_store.payload_json(p_payload, 'content', 'object'),
        p_merge_content => memory_store.payload_bool(p_payload, 'merge_content', false),
        p_tags          => memory_store.payload_text_array(p_payload, 'tags'),
        p_ttl_seconds   => memory_store.payload_int(p_payload, 'ttl'),
        p_expires_at    => memory_store.payload_timestamp(p_payload, 'expires_at'),
        p_clear_expiry  => memory_store.payload_bool(p_payload, 'clear_expiry', false),
        p_priority      => memory_store.payload_int(p_payload, 'priority'));
    RETURN jsonb_build_object('memory_id', v_result.memory_id, 'updated_at', v_result.updated_at,
                              'expires_at', v_result.expires_at, 'session_id', v_result.session_id);
END
$fn$;

-- delete: payload.memory_id, hard.
CREATE FUNCTION memory_store.dispatch_delete(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_hard   boolean := memory_store.payload_bool(p_payload, 'hard', false);
    v_result memory.memory_record;
BEGIN
    v_result := memory_store.delete_memory_impl(memory_store.payload_text(p_payload, 'memory_id', true), v_hard);
    RETURN jsonb_build_object('deleted', true, 'hard', v_hard, 'memory_id', v_result.memory_id,
                              'session_id', v_result.session_id);
END
$fn$;

-- batch_read: payload.memory_ids and/or payload.filter {memory_type | memory_types, time_range{start,end},
-- tags, session_id, user_id, source_agent, include_inactive, limit, offset, sort{field, order}}.
CREATE FUNCTION memory_store.dispatch_batch_read(p_payload jsonb, p_session_id text)
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
    v_page := memory_store.batch_read_impl(
        p_memory_ids       => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_memory_types     => CASE WHEN v_types = ARRAY[NULL::text] THEN NULL ELSE v_types END,
        p_session_id       => coalesce(memory_store.payload_text(v_filter, 'session_id'), p_session_id),
        p_user_id          => memory_store.payload_text(v_filter, 'user_id'),
        p_source_agent     => memory_store.payload_text(v_filter, 'source_agent'),
        p_tags             => memory_store.payload_text_array(v_filter, 'tags'),
        p_created_after    => memory_store.payload_timestamp(v_range, 'start'),
        p_created_before   => memory_store.payload_timestamp(v_range, 'end'),
        p_include_inactive => memory_store.payload_bool(v_filter, 'include_inactive', false),
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

-- bulk_delete: payload.filter {memory_type, older_than, tags, session_id, hard}.
CREATE FUNCTION memory_store.dispatch_bulk_delete(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_filter jsonb := memory_store.payload_json(p_payload, 'filter', 'object', true);
    v_count  bigint;
BEGIN
    v_count := memory_store.bulk_delete_impl(
        p_memory_type => memory_store.payload_text(v_filter, 'memory_type'),
        p_older_than  => memory_store.payload_timestamp(v_filter, 'older_than'),
        p_tags        => memory_store.payload_text_array(v_filter, 'tags'),
        p_session_id  => coalesce(memory_store.payload_text(v_filter, 'session_id'), p_session_id),
        p_hard        => memory_store.payload_bool(v_filter, 'hard', false));
    RETURN jsonb_build_object('deleted_count', v_count);
END
$fn$;
