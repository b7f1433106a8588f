-- memory_store.archive_move(p_memory_ids text[], p_reason text) RETURNS
--     bigint
--
-- Moves hot memories to the archive, with their embeddings, in the caller's
-- transaction; returns how many moved. The caller picks the ids and locks
-- their memory_entries and registry rows first (FOR UPDATE / FOR NO KEY
-- UPDATE ... SKIP LOCKED, so an agent's write is never waited for); ids
-- that are not hot are ignored. p_reason: 'session' or 'retention'.
--
-- Errors:
--   22004, 22023 bad reason, 55000 the archive lacks a column of the hot
--   table.
-- Example:
--   SELECT memory_store.archive_move(ARRAY['m-1'], 'session');

CREATE OR REPLACE FUNCTION memory_store.archive_move(p_memory_ids text[], p_reason text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_entries    text[] := memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');
    v_embeddings text[] := memory_store.archive_columns('memory_store.vector_embeddings', 'memory_archive.vector_embeddings');
    v_ids        text[];
    v_rows       bigint;
BEGIN
    IF memory_store.require('reason', p_reason) NOT IN ('session', 'retention') THEN
        RAISE EXCEPTION 'archive reason must be session or retention, got %', quote_literal(p_reason)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- The registry row stays, marked: the release trigger of memory_entries
    -- then keeps it, and the id cannot be claimed again while archived.
    WITH moved AS (
        UPDATE memory_store.memory_registry r SET is_archived = true
         WHERE r.memory_id = ANY (p_memory_ids) AND NOT r.is_archived
           AND EXISTS (SELECT 1 FROM memory_store.memory_entries e
                        WHERE e.memory_id = r.memory_id AND e.created_at = r.created_at)
        RETURNING r.memory_id::text AS memory_id)
    SELECT coalesce(array_agg(moved.memory_id), '{}') INTO v_ids FROM moved;
    IF cardinality(v_ids) = 0 THEN
        RETURN 0::bigint;
    END IF;

    -- The registry knows each row's created_at: every lookup prunes to one partition.
    EXECUTE format($sql$
        INSERT INTO memory_archive.memory_entries (%s, archived_at, archive_reason)
        SELECT %s, now(), $2
          FROM memory_store.memory_registry r
          JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
         WHERE r.memory_id = ANY ($1) $sql$,
        array_to_string(v_entries, ', '), 'e.' || array_to_string(v_entries, ', e.'))
      USING v_ids, p_reason;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    EXECUTE format($sql$
        INSERT INTO memory_archive.vector_embeddings (%1$s)
        SELECT %1$s FROM memory_store.vector_embeddings WHERE memory_id = ANY ($1) $sql$,
        array_to_string(v_embeddings, ', '))
      USING v_ids;
    DELETE FROM memory_store.vector_embeddings WHERE memory_id = ANY (v_ids);
    DELETE FROM memory_store.memory_entries e
     USING memory_store.memory_registry r
     WHERE r.memory_id = ANY (v_ids) AND e.memory_id = r.memory_id AND e.created_at = r.created_at;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_move(p_memory_ids text[], p_reason text) IS 'Moves hot memories (the caller has locked them) with their embeddings to memory_archive in the current transaction; the registry row stays, marked is_archived; tags and relationships stay where they are. Returns how many moved. Errors: 22004, 22023 bad reason, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_move(ARRAY[''m-1''], ''session'');';
