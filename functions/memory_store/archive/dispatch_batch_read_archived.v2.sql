-- memory_store.dispatch_batch_read_archived(p_payload jsonb, p_session_id
--     text) RETURNS jsonb
--
-- Dispatch: batch_read_archived, the payload of batch_read (memory_ids
-- and/or filter {memory_type | memory_types, time_range{start,end}, tags,
-- session_id, user_id, source_agent, limit, offset, sort{field, order}}).
--
-- The body is memory_store.dispatch_page_read.
--
-- Errors:
--   through the functions it calls: 22023, 39004
-- Example:
--   SELECT memory.dispatch('{"action": "batch_read_archived", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_batch_read_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.dispatch_page_read(p_payload, p_session_id, true)
$fn$;
