-- memory_store.archive_copy(p_from regclass, p_to regclass, p_columns
--     text[], p_ids text[]) RETURNS bigint
--
-- Copies the rows of p_from whose memory_id is in p_ids into p_to, column
-- for column (p_columns, quoted, as memory_store.archive_columns gives
-- them), in the caller's transaction; returns how many rows were copied.
-- One statement for each direction of a move between a hot table and its
-- archive table (embeddings out, memories and embeddings back); the caller
-- checks the columns, locks the rows and deletes the source rows.
--
-- Errors:
--   none of its own (those of the insert: a constraint of p_to).
-- Example:
--   SELECT memory_store.archive_copy('memory_archive.vector_embeddings',
--       'memory_store.vector_embeddings', v_embeddings, ARRAY['m-1']);

CREATE OR REPLACE FUNCTION memory_store.archive_copy(p_from regclass, p_to regclass, p_columns text[], p_ids text[])
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_rows bigint;
BEGIN
    EXECUTE format($sql$
        INSERT INTO %2$s (%1$s)
        SELECT %1$s FROM %3$s WHERE memory_id = ANY ($1) $sql$,
        array_to_string(p_columns, ', '), p_to, p_from)
      USING p_ids;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_copy(p_from regclass, p_to regclass, p_columns text[], p_ids text[]) IS 'Copies the rows of p_from with a memory_id in p_ids into p_to, the given (quoted) columns; returns the row count. The one statement of archive_move and archive_restore that moves rows between a hot table and its archive table. Errors: those of the insert.
Example: SELECT memory_store.archive_copy(''memory_archive.vector_embeddings'', ''memory_store.vector_embeddings'', memory_store.archive_columns(''memory_store.vector_embeddings'', ''memory_archive.vector_embeddings''), ARRAY[''m-1'']);';
