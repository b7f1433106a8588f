-- memory_store.archive_sessions_batch(p_batch_size integer) RETURNS bigint
--
-- One batch of moving: up to p_batch_size visible (active, unexpired)
-- memories of archived sessions go to the archive. Soft-deleted and expired
-- memories stay for purge_soft_deleted and purge_expired: the user deleted
-- them, they are not kept cold. Rows a writer holds are skipped; the session
-- row is held FOR KEY SHARE (agents may still touch it), so a concurrent
-- restore of the session (FOR UPDATE) waits for this batch or is skipped.
--
-- Errors:
--   22004, 22023 batch size outside 1..100000, 55000 the archive lacks a
--   column of the hot table.
-- Example:
--   SELECT memory_store.archive_sessions_batch(1000);

CREATE OR REPLACE FUNCTION memory_store.archive_sessions_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_ids   text[];
BEGIN
    SELECT coalesce(array_agg(picked.memory_id), '{}') INTO v_ids
      FROM (SELECT e.memory_id::text AS memory_id
              FROM memory_store.sessions s
              JOIN memory_store.memory_entries e ON e.session_id = s.session_id
              JOIN memory_store.memory_registry r ON r.memory_id = e.memory_id AND r.created_at = e.created_at
             WHERE s.is_archived AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
             LIMIT v_batch
               FOR UPDATE OF e SKIP LOCKED
               FOR NO KEY UPDATE OF r SKIP LOCKED
               FOR KEY SHARE OF s SKIP LOCKED) AS picked;
    RETURN memory_store.archive_move(v_ids, 'session');
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_sessions_batch(p_batch_size integer) IS 'One batch of the archive job: moves up to p_batch_size active, unexpired memories of archived sessions (with their embeddings) to memory_archive; skips rows a writer holds. Returns memories moved. Errors: 22004, 22023 batch size outside 1..100000, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_sessions_batch(1000);';
