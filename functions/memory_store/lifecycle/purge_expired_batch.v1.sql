-- memory_store.purge_expired_batch(p_batch_size integer) RETURNS bigint
--
-- One batch: up to p_batch_size expired memories, then expired agent states
-- with what is left of the batch. Rows locked by a writer are skipped (the
-- next batch or run takes them), so a purge never waits for an agent.
--
-- Errors:
--   22004, 22023 batch size outside 1..100000.
-- Example:
--   SELECT memory_store.purge_expired_batch(5000);

CREATE OR REPLACE FUNCTION memory_store.purge_expired_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch    integer := memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    v_memories bigint;
    v_states   bigint := 0::bigint;
BEGIN
    WITH doomed AS (
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE e.expires_at < now()
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_store.memory_entries e
     USING doomed d
     WHERE e.memory_id = d.memory_id AND e.created_at = d.created_at;
    GET DIAGNOSTICS v_memories = ROW_COUNT;

    IF v_memories < v_batch THEN
        WITH doomed AS (
            SELECT s.state_id
              FROM memory_store.agent_states s
             WHERE s.expires_at < now()
             LIMIT v_batch - v_memories
               FOR UPDATE SKIP LOCKED)
        DELETE FROM memory_store.agent_states s
         USING doomed d
         WHERE s.state_id = d.state_id;
        GET DIAGNOSTICS v_states = ROW_COUNT;
    END IF;
    RETURN v_memories + v_states;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_expired_batch(p_batch_size integer) IS 'One batch of TTL expiry: deletes up to p_batch_size expired memories (expires_at < now(); tags, embeddings and relationships cascade), then expired agent states with the rest of the batch; skips rows a writer holds. Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000.
Example: SELECT memory_store.purge_expired_batch(5000);';
