-- memory_store.prune_memory_changes_batch(p_batch_size integer, p_keep
--     interval) RETURNS bigint
--
-- One batch of the change feed's retention: deletes the oldest changes of
-- memory_store.memory_changes, in feed order (txid, seq), up to p_batch_size
-- and up to the first one not older than p_keep (changed_at), of
-- transactions that have all ended (so no change can still appear below
-- the cut). The last position deleted becomes the horizon
-- (memory_store.memory_changes_horizon): a cursor before it is refused by
-- changes_since. Returns rows deleted. Owned by memory_maintainer: it sees
-- every tenant's changes.
--
-- Errors:
--   22004 missing batch size or age
--   22023 batch size outside 1..100000, negative age
-- Example:
--   SELECT memory_store.prune_memory_changes_batch(5000, memory_store.lifecycle_interval('change_feed_retention'));

CREATE OR REPLACE FUNCTION memory_store.prune_memory_changes_batch(p_batch_size integer, p_keep interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    v_xmin  xid8 := pg_snapshot_xmin(pg_current_snapshot());
    v_txid  xid8;
    v_seq   bigint;
    v_rows  bigint;
BEGIN
    IF memory_store.require('keep', p_keep) < interval '0' THEN
        RAISE EXCEPTION 'keep must not be negative, got %', p_keep USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT h.txid, h.seq INTO v_txid, v_seq
      FROM (SELECT c.txid, c.seq,
                   bool_and(c.changed_at < now() - p_keep) OVER (ORDER BY c.txid, c.seq) AS old
              FROM (SELECT m.txid, m.seq, m.changed_at
                      FROM memory_store.memory_changes m
                     WHERE m.txid < v_xmin
                     ORDER BY m.txid, m.seq
                     LIMIT v_batch) AS c) AS h
     WHERE h.old
     ORDER BY h.txid DESC, h.seq DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN 0::bigint;
    END IF;
    DELETE FROM memory_store.memory_changes m WHERE (m.txid, m.seq) <= (v_txid, v_seq);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    UPDATE memory_store.memory_changes_horizon h SET txid = v_txid, seq = v_seq, pruned_at = now()
     WHERE (h.txid, h.seq) < (v_txid, v_seq);
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.prune_memory_changes_batch(p_batch_size integer, p_keep interval) IS 'One batch of the change feed''s retention: deletes up to p_batch_size of the oldest memory_store.memory_changes rows, in feed order, while older than p_keep, and moves the horizon past them (changes_since then refuses an older cursor). Returns rows deleted. Errors: 22004 missing argument, 22023 batch size outside 1..100000 or negative age.
Example: SELECT memory_store.prune_memory_changes_batch(5000, memory_store.lifecycle_interval(''change_feed_retention''));';
