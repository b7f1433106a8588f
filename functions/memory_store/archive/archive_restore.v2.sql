-- memory_store.archive_restore(p_memory_ids text[]) RETURNS bigint
--
-- Moves archived memories back to the hot tables with their embeddings, in
-- the caller's transaction, and clears is_archived of their sessions (else
-- the archive job would take them again); returns how many came back. Ids
-- that are not archived are ignored. The registry rows are locked first, so
-- two restores of one memory serialize and the second finds nothing to do.
--
-- Errors:
--   55000 the archive lacks a column of the hot table.
-- Example:
--   SELECT memory_store.archive_restore(ARRAY['m-1']);

CREATE OR REPLACE FUNCTION memory_store.archive_restore(p_memory_ids text[])
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
    -- Cleared first: the claim trigger of memory_entries then lets the
    -- insert re-use the id, and the release trigger of the archive keeps it.
    WITH restored AS (
        UPDATE memory_store.memory_registry r SET is_archived = false
         WHERE r.memory_id = ANY (p_memory_ids) AND r.is_archived
        RETURNING r.memory_id::text AS memory_id)
    SELECT coalesce(array_agg(restored.memory_id), '{}') INTO v_ids FROM restored;
    IF cardinality(v_ids) = 0 THEN
        RETURN 0::bigint;
    END IF;

    v_rows := memory_store.archive_copy('memory_archive.memory_entries', 'memory_store.memory_entries',
                                        v_entries, v_ids);
    PERFORM memory_store.archive_copy('memory_archive.vector_embeddings', 'memory_store.vector_embeddings',
                                      v_embeddings, v_ids);
    DELETE FROM memory_archive.vector_embeddings WHERE memory_id = ANY (v_ids);
    UPDATE memory_store.sessions s SET is_archived = false
     WHERE s.is_archived
       AND s.session_id IN (SELECT a.session_id FROM memory_archive.memory_entries a WHERE a.memory_id = ANY (v_ids));
    DELETE FROM memory_archive.memory_entries WHERE memory_id = ANY (v_ids);
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_restore(p_memory_ids text[]) IS 'Moves archived memories back to memory_store.memory_entries with their embeddings in the current transaction and clears is_archived of their sessions; returns how many came back. Errors: 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_restore(ARRAY[''m-1'']);';
