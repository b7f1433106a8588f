-- memory_store.purge_expired_archive_batch(p_batch_size integer) RETURNS
--     bigint
--
-- One batch of TTL expiry in the archive: the TTL holds in cold storage too.
-- Deleting an archived memory releases its id (cascading to tags,
-- embeddings, relationships).
--
-- Errors:
--   22004, 22023 batch size outside 1..100000.
-- Example:
--   SELECT memory_store.purge_expired_archive_batch(1000);

CREATE OR REPLACE FUNCTION memory_store.purge_expired_archive_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    WITH doomed AS (
        SELECT a.memory_id
          FROM memory_archive.memory_entries a
         WHERE a.expires_at < now()
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_archive.memory_entries a
     USING doomed d
     WHERE a.memory_id = d.memory_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_expired_archive_batch(p_batch_size integer) IS 'One batch of the archive job: deletes up to p_batch_size archived memories whose expires_at is past (tags, embeddings, relationships cascade). Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000.
Example: SELECT memory_store.purge_expired_archive_batch(1000);';
