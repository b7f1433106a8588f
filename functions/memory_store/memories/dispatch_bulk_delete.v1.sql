-- memory_store.dispatch_bulk_delete(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- bulk_delete: payload.filter {memory_type, older_than, tags, session_id, hard}.
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "bulk_delete", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_bulk_delete(p_payload jsonb, p_session_id text)
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
