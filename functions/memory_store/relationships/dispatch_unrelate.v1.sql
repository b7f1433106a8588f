-- memory_store.dispatch_unrelate(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `unrelate` action of memory.dispatch: Remove a link: payload
-- source_memory_id, target_memory_id, relationship_type (optional) ->
-- removed.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   SELECT memory.dispatch('{"action": "unrelate", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_unrelate(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_source text := memory_store.payload_text(p_payload, 'source_memory_id', true);
    v_target text := memory_store.payload_text(p_payload, 'target_memory_id', true);
    v_type text := memory_store.payload_text(p_payload, 'relationship_type');
BEGIN
    RETURN jsonb_build_object('memory_id', v_source,
                              'removed', memory_store.unrelate_impl(v_source, v_target, v_type));
END
$fn$;
