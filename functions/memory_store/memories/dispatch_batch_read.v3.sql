-- memory_store.dispatch_batch_read(p_payload jsonb, p_session_id text)
--     RETURNS jsonb
--
-- batch_read: payload.memory_ids and/or payload.filter {memory_type | memory_types, time_range{start,end},
-- tags, session_id, user_id, source_agent, include_inactive, limit, offset, sort{field, order}};
-- payload.as_of (ISO-8601): over the memories as they stood at that instant
-- (memory_store.memory_page_read 'as_of').
--
-- The body is memory_store.dispatch_page_read.
--
-- Errors:
--   through the functions it calls: 22004, 22023 (a malformed or future as_of too), 39004
-- Example:
--   SELECT memory.dispatch('{"action": "batch_read", "payload": {"filter": {"tags": ["paris"]}, "as_of": "2026-12-01T12:00:00Z"}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_batch_read(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.dispatch_page_read(p_payload, p_session_id, false)
$fn$;
