-- memory_store.dispatch_history(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The `history` action of memory.dispatch: payload memory_id, limit,
-- before_version -> memory_id, versions (oldest first, each with version,
-- valid_from, valid_to (null for the current one), operation, agent_id,
-- content, tags, priority, is_active, expires_at) and has_more (older
-- versions exist: ask again with before_version = the first version
-- returned). memory_store.memory_history_impl answers.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 42501, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "history", "payload": {"memory_id": "m-1"}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_history(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id', true);
    v_versions  jsonb;
    v_first     integer;
BEGIN
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'version', h.version, 'valid_from', h.valid_from, 'valid_to', h.valid_to,
               'operation', h.operation, 'agent_id', h.agent_id, 'content', h.content, 'tags', to_jsonb(h.tags),
               'priority', h.priority, 'is_active', h.is_active, 'expires_at', h.expires_at) ORDER BY h.version), '[]'),
           min(h.version)
      INTO v_versions, v_first
      FROM memory_store.memory_history_impl(v_memory_id, memory_store.payload_int(p_payload, 'limit'),
                                            memory_store.payload_int(p_payload, 'before_version')) AS h;
    RETURN jsonb_build_object(
        'memory_id', v_memory_id,
        'versions', v_versions,
        'has_more', EXISTS (SELECT 1 FROM memory_store.memory_versions v
                             WHERE v.memory_id = v_memory_id AND v.version < v_first));
END
$fn$;
