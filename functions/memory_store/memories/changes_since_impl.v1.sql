-- memory_store.changes_since_impl(p_cursor text, p_limit integer) RETURNS
--     TABLE(next_cursor text, memory_id text, session_id text, operation
--     text, changed_at timestamp with time zone)
--
-- The change feed (memory_store.memory_changes) after p_cursor, oldest
-- first, at most p_limit rows (default 100, at most limits().max_page_size),
-- through the tenant policy: the acting user's changes only. Each row's
-- next_cursor resumes after it; a NULL cursor starts at the oldest change
-- kept.
--
-- The order is (txid, seq): the writer's transaction id (xid8), then the
-- order of the rows within it. Only transactions older than every one
-- still running are served (txid < pg_snapshot_xmin of the snapshot): a
-- transaction that commits later has a higher txid than everything served
-- so far, so a cursor never skips a change (no gap), at the price of
-- waiting for the oldest running transaction of the cluster. A bigserial
-- alone would not do: numbers are taken in statement order, not commit
-- order. Changes pruned past a cursor (setting change_feed_retention) make
-- it stale: 22023, read the memories again and start from a NULL cursor.
--
-- Errors:
--   22023 limit must be between 1 and %, got %
--   22023 cursor must be a next_cursor given by changes_since, got %
--   22023 cursor % is ahead of the feed
--   22023 cursor % is older than the oldest change kept
-- Example:
--   SELECT * FROM memory_store.changes_since_impl('1234-56', 100);

CREATE OR REPLACE FUNCTION memory_store.changes_since_impl(p_cursor text, p_limit integer)
RETURNS TABLE (next_cursor text, memory_id text, session_id text, operation text, changed_at timestamptz)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max    integer := (SELECT l.max_page_size FROM memory_store.limits() AS l);
    v_limit  integer := coalesce(p_limit, 100);
    v_xmin   xid8 := pg_snapshot_xmin(pg_current_snapshot());
    v_tenant text := memory_store.current_tenant();
    v_txid   xid8 := '0'::xid8;
    v_seq    bigint := 0::bigint;
BEGIN
    IF v_limit NOT BETWEEN 1 AND v_max THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', v_max, v_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_cursor IS NOT NULL THEN
        IF p_cursor !~ '^[0-9]{1,20}-[0-9]{1,19}$'
           OR split_part(p_cursor, '-', 1)::numeric > 18446744073709551615
           OR split_part(p_cursor, '-', 2)::numeric > 9223372036854775807 THEN
            RAISE EXCEPTION 'cursor must be a next_cursor given by changes_since, got %', quote_literal(left(p_cursor, 64))
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_txid := split_part(p_cursor, '-', 1)::xid8;
        v_seq := split_part(p_cursor, '-', 2)::bigint;
        IF v_txid >= v_xmin THEN
            RAISE EXCEPTION 'cursor % is ahead of the feed', quote_literal(p_cursor)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'pass a next_cursor that changes_since returned, or NULL to start at the oldest change kept';
        END IF;
    END IF;
    -- Two statements rather than one with "tenant IS NULL OR": the tenant's
    -- is a range scan of memory_changes_user_position.
    IF v_tenant IS NOT NULL THEN
        RETURN QUERY
        SELECT c.txid::text || '-' || c.seq::text, c.memory_id::text, c.session_id::text, c.operation, c.changed_at
          FROM memory_store.memory_changes c
         WHERE c.user_id = v_tenant AND (c.txid, c.seq) > (v_txid, v_seq) AND c.txid < v_xmin
         ORDER BY c.txid, c.seq
         LIMIT v_limit;
    ELSE
        RETURN QUERY
        SELECT c.txid::text || '-' || c.seq::text, c.memory_id::text, c.session_id::text, c.operation, c.changed_at
          FROM memory_store.memory_changes c
         WHERE (c.txid, c.seq) > (v_txid, v_seq) AND c.txid < v_xmin
         ORDER BY c.txid, c.seq
         LIMIT v_limit;
    END IF;
    -- After the read, not before: a prune that commits in between moves the
    -- horizon in the same transaction as it deletes, so either the rows were
    -- read or the horizon shows they are gone.
    IF p_cursor IS NOT NULL AND EXISTS (SELECT 1 FROM memory_store.memory_changes_horizon h
                                         WHERE (h.txid, h.seq) > (v_txid, v_seq)) THEN
        RAISE EXCEPTION 'cursor % is older than the oldest change kept', quote_literal(p_cursor)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'changes older than the setting change_feed_retention are pruned: read the memories again, then start from a NULL cursor';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.changes_since_impl(p_cursor text, p_limit integer) IS 'The acting user''s changes of memories after p_cursor, oldest first, at most p_limit (1..limits().max_page_size, default 100); gapless order by (transaction id, row), served once no older transaction runs. Errors: 22023 bad limit, malformed cursor, cursor ahead of the feed, cursor older than the oldest change kept.
Example: SELECT * FROM memory_store.changes_since_impl(''1234-56'', 100);';
