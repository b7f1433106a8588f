-- memory_store.dispatch_changes_since(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- The `changes_since` action of memory.dispatch: payload cursor (optional),
-- limit (optional, default 100) -> changes[{memory_id, session_id,
-- operation, changed_at, cursor}], next_cursor (the cursor given when
-- nothing changed), has_more.
--
-- Errors:
--   through the functions it calls: 22023
-- Example:
--   SELECT memory.dispatch('{"action": "changes_since", "payload": {"cursor": "1234-56", "limit": 100}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_changes_since(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cursor  text := memory_store.payload_text(p_payload, 'cursor');
    v_limit   integer := coalesce(memory_store.payload_int(p_payload, 'limit'), 100);
    v_changes jsonb;
    v_count   bigint;
    v_next    text;
BEGIN
    SELECT coalesce(jsonb_agg(jsonb_build_object('memory_id', c.memory_id, 'session_id', c.session_id,
                                                 'operation', c.operation, 'changed_at', c.changed_at,
                                                 'cursor', c.next_cursor) ORDER BY c.n), '[]'::jsonb),
           count(*), (array_agg(c.next_cursor ORDER BY c.n DESC))[1]
      INTO v_changes, v_count, v_next
      FROM memory_store.changes_since_impl(v_cursor, v_limit) WITH ORDINALITY AS c(next_cursor, memory_id, session_id,
                                                                                  operation, changed_at, n);
    RETURN jsonb_build_object(
        'changes', v_changes,
        'next_cursor', coalesce(v_next, v_cursor),
        'has_more', v_count = v_limit AND EXISTS (SELECT 1 FROM memory_store.changes_since_impl(v_next, 1)));
END
$fn$;
