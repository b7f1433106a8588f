-- memory_store.archive_sync_columns() RETURNS SETOF text
--
-- Adds to each archive table the columns its hot table has and it lacks:
-- same type, nullable, no default (rows archived before have NULL there);
-- a generated column with its expression. Returns "table.column" per column
-- added. For deploy scripts of changes that add columns to memory_entries or
-- vector_embeddings; not granted to anyone (it runs as the owner).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.archive_sync_columns();

CREATE OR REPLACE FUNCTION memory_store.archive_sync_columns()
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_pair   record;
    v_column record;
BEGIN
    FOR v_pair IN SELECT * FROM (VALUES
            ('memory_store.memory_entries'::regclass, 'memory_archive.memory_entries'::regclass),
            ('memory_store.vector_embeddings'::regclass, 'memory_archive.vector_embeddings'::regclass)) AS p(hot, cold) LOOP
        FOR v_column IN
            SELECT h.attname, format_type(h.atttypid, h.atttypmod) AS type_name, h.attgenerated,
                   pg_get_expr(d.adbin, d.adrelid) AS expression
              FROM pg_attribute h
              LEFT JOIN pg_attrdef d ON d.adrelid = h.attrelid AND d.adnum = h.attnum
             WHERE h.attrelid = v_pair.hot AND h.attnum > 0 AND NOT h.attisdropped
               AND NOT EXISTS (SELECT 1 FROM pg_attribute c WHERE c.attrelid = v_pair.cold AND c.attname = h.attname
                                                            AND c.attnum > 0 AND NOT c.attisdropped)
             ORDER BY h.attnum LOOP
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s%s', v_pair.cold, v_column.attname, v_column.type_name,
                           CASE WHEN v_column.attgenerated = 's'
                                THEN format(' GENERATED ALWAYS AS (%s) STORED', v_column.expression) ELSE '' END);
            RETURN NEXT v_pair.cold::text || '.' || quote_ident(v_column.attname);
        END LOOP;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_sync_columns() IS 'Adds to memory_archive.memory_entries / vector_embeddings the columns their hot tables gained (same type, nullable; generated ones with their expression); returns the columns added. Run as memory_owner, e.g. in the deploy script of a change that adds a column to a hot table.
Example: SELECT * FROM memory_store.archive_sync_columns();';
