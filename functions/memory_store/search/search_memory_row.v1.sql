-- memory_store.search_memory_row(p_memory_id text, p_created_at timestamp
--     with time zone, p_include_inactive boolean) RETURNS SETOF
--     memory_store.memory_entries
--
-- The row of a search candidate: the memory p_memory_id in the one
-- partition of memory_entries that p_created_at selects (pruned at run
-- time when called per candidate), under the caller's row-level security;
-- none when it is soft-deleted or expired, unless p_include_inactive. An
-- SQL function without a SET clause: the planner inlines it, and its
-- OFFSET 0 keeps it a subquery of its own per candidate (joined flat, the
-- planner would key the partitions by memory_id alone and probe them all).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT me.memory_id FROM memory_store.search_semantic_candidates($1::extensions.vector, NULL, NULL, NULL,
--       NULL, NULL, NULL, NULL, false, NULL, 20) c
--    CROSS JOIN LATERAL memory_store.search_memory_row(c.memory_id, c.created_at, false) me;

CREATE OR REPLACE FUNCTION memory_store.search_memory_row(
    p_memory_id text,
    p_created_at timestamptz,
    p_include_inactive boolean)
RETURNS SETOF memory_store.memory_entries
LANGUAGE sql STABLE
AS $fn$
    SELECT me.* FROM memory_store.memory_entries me
     WHERE me.memory_id = p_memory_id AND me.created_at = p_created_at
       AND (p_include_inactive OR (me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())))
    OFFSET 0
$fn$;

COMMENT ON FUNCTION memory_store.search_memory_row(p_memory_id text, p_created_at timestamp with time zone, p_include_inactive boolean) IS 'The memory row of a search candidate, read from the one partition its created_at selects, visible (active, not expired) unless p_include_inactive; inlined by the planner.
Example: SELECT memory_id FROM memory_store.search_memory_row(''m-1'', ''2026-01-01'', false);';
