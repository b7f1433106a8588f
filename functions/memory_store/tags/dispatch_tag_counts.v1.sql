-- memory_store.dispatch_tag_counts(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `tag_counts` action of memory.dispatch: Memories per tag: payload
-- user_id (optional) -> tag_counts[{tag, memory_count}].
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "tag_counts", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_tag_counts(p_payload jsonb, p_session_id text)
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
