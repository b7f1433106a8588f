-- memory_store.purge_soft_deleted_batch(p_batch_size integer, p_grace
--     interval) RETURNS bigint
--
-- One batch: up to p_batch_size memories soft-deleted before now() - p_grace.
-- No index serves is_active (the seed's index set is kept, README deviation
-- 8); each batch scans until it has its rows, which the daily schedule and
-- the batch size keep cheap.
--
-- Errors:
--   22004, 22023 batch size outside 1..100000 or negative grace.
-- Example:
--   SELECT memory_store.purge_soft_deleted_batch(5000, interval '30 days');

CREATE OR REPLACE FUNCTION memory_store.purge_soft_deleted_batch(p_batch_size integer, p_grace interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    IF memory_store.require('grace', p_grace) < interval '0' THEN
        RAISE EXCEPTION 'grace must not be negative, got %', p_grace USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH doomed AS (
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE NOT e.is_active AND e.updated_at < now() - p_grace
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_store.memory_entries e
     USING doomed d
     WHERE e.memory_id = d.memory_id AND e.created_at = d.created_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_soft_deleted_batch(p_batch_size integer, p_grace interval) IS 'One batch of the soft-delete purge: deletes up to p_batch_size memories soft-deleted (is_active = false) with updated_at older than p_grace (tags, embeddings, relationships cascade); skips rows a writer holds. Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000 or negative grace.
Example: SELECT memory_store.purge_soft_deleted_batch(5000, interval ''30 days'');';
