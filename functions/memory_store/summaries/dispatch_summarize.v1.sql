-- memory_store.dispatch_summarize(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- summarize: payload.memory_types (or memory_type), payload.time_range
-- {start, end}, payload.max_sentences (default 5), payload.store (default
-- false); session from the envelope or payload.session_id.
-- data: session_id, summary, memory_count, stored.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   SELECT memory.dispatch('{"action": "summarize", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_summarize(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.dispatch_session_id(p_payload, p_session_id, true);
    v_range      jsonb := memory_store.payload_json(p_payload, 'time_range', 'object');
    v_types      text[] := memory_store.payload_text_array(p_payload, 'memory_types');
    v_result     record;
BEGIN
    IF v_types IS NULL AND memory_store.payload_text(p_payload, 'memory_type') IS NOT NULL THEN
        v_types := ARRAY[memory_store.payload_text(p_payload, 'memory_type')];
    END IF;
    SELECT r.summary, r.memory_count, r.stored INTO v_result
      FROM memory_store.summarize_session_impl(
               v_session_id,
               v_types,
               memory_store.payload_timestamp(coalesce(v_range, '{}'::jsonb), 'start'),
               memory_store.payload_timestamp(coalesce(v_range, '{}'::jsonb), 'end'),
               coalesce(memory_store.payload_int(p_payload, 'max_sentences'), 5),
               memory_store.payload_bool(p_payload, 'store', false)) AS r;
    RETURN jsonb_build_object('session_id', v_session_id, 'summary', v_result.summary,
                              'memory_count', v_result.memory_count, 'stored', v_result.stored);
END
$fn$;
