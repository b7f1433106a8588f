-- memory_store.enforce_retention_batch(p_user_id text, p_batch_size
--     integer) RETURNS bigint
--
-- One batch for one user: archives up to p_batch_size of the memories that
-- put the user over budget, lowest priority first, then oldest (created_at,
-- then memory_id, so the order is total). Protected memories are never
-- candidates, so a user whose protected memories alone exceed the budget
-- stays over it. Rows a writer holds are skipped (next batch or run).
--
-- Errors:
--   22004, 22023 bad user id or batch size outside 1..100000, 55000 the
--   archive lacks a column of the hot table.
-- Example:
--   SELECT memory_store.enforce_retention_batch('u-1', 1000);

CREATE OR REPLACE FUNCTION memory_store.enforce_retention_batch(p_user_id text, p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch      integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_protected  integer := memory_store.lifecycle_int('retention_protected_priority');
    v_usage      record;
    v_need_count bigint;
    v_need_bytes bigint;
    v_candidates text[];
    v_ids        text[];
BEGIN
    PERFORM memory_store.require('user_id', p_user_id);
    SELECT * INTO v_usage FROM memory_store.retention_usage(p_user_id);
    IF NOT FOUND OR NOT v_usage.over_budget THEN
        RETURN 0::bigint;
    END IF;
    v_need_count := greatest(v_usage.active_memories - coalesce(v_usage.max_memories, v_usage.active_memories), 0);
    v_need_bytes := greatest(v_usage.content_bytes - coalesce(v_usage.max_content_bytes, v_usage.content_bytes), 0);

    -- The shortest prefix of the order that frees enough: a row is taken
    -- while fewer than v_need_count rows, or fewer than v_need_bytes bytes,
    -- come before it.
    SELECT coalesce(array_agg(c.memory_id ORDER BY c.k), '{}') INTO v_candidates
      FROM (SELECT e.memory_id::text AS memory_id,
                   row_number() OVER w AS k,
                   sum(pg_column_size(e.content)) OVER w - pg_column_size(e.content) AS bytes_before
              FROM memory_store.sessions s
              JOIN memory_store.memory_entries e ON e.session_id = s.session_id
             WHERE s.user_id = p_user_id AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
               AND e.priority < v_protected
            WINDOW w AS (ORDER BY e.priority, e.created_at, e.memory_id ROWS UNBOUNDED PRECEDING)) AS c
     WHERE (c.k <= v_need_count OR c.bytes_before < v_need_bytes) AND c.k <= v_batch;

    -- Locked only now (a window query cannot lock); the conditions are
    -- checked again on the row as it is when locked.
    SELECT coalesce(array_agg(picked.memory_id), '{}') INTO v_ids
      FROM (SELECT e.memory_id::text AS memory_id
              FROM memory_store.memory_registry r
              JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
             WHERE r.memory_id = ANY (v_candidates)
               AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now()) AND e.priority < v_protected
               FOR UPDATE OF e SKIP LOCKED
               FOR NO KEY UPDATE OF r SKIP LOCKED) AS picked;
    RETURN memory_store.archive_move(v_ids, 'retention');
END
$fn$;

COMMENT ON FUNCTION memory_store.enforce_retention_batch(p_user_id text, p_batch_size integer) IS 'One batch of retention for one user: archives up to p_batch_size of the memories that put the user over budget, lowest priority first, then oldest; never those with priority >= retention_protected_priority; skips rows a writer holds. Returns memories archived. Errors: 22004, 22023 bad user id or batch size outside 1..100000, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.enforce_retention_batch(''u-1'', 1000);';
