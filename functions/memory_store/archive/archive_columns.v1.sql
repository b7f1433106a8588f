-- memory_store.archive_columns(p_hot regclass, p_cold regclass) RETURNS
--     text[]
--
-- The stored (not generated) columns of a hot table, quoted, in order, after
-- checking that its archive table has each of them with the same type and
-- not generated. 55000 names what is missing: run
-- memory_store.archive_sync_columns() (a deploy script that adds a column
-- to a hot table should).
--
-- Errors:
--   55000 % lacks columns of % (or has them with another type): %
-- Example:
--   SELECT memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');

CREATE OR REPLACE FUNCTION memory_store.archive_columns(p_hot regclass, p_cold regclass)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_columns text[];
    v_missing text;
BEGIN
    SELECT array_agg(quote_ident(h.attname) ORDER BY h.attnum),
           string_agg(h.attname || ' ' || format_type(h.atttypid, h.atttypmod), ', ' ORDER BY h.attnum)
               FILTER (WHERE c.attname IS NULL OR c.attgenerated <> '' OR c.atttypid <> h.atttypid
                             OR c.atttypmod <> h.atttypmod)
      INTO v_columns, v_missing
      FROM pg_attribute h
      LEFT JOIN pg_attribute c ON c.attrelid = p_cold AND c.attname = h.attname AND c.attnum > 0 AND NOT c.attisdropped
     WHERE h.attrelid = p_hot AND h.attnum > 0 AND NOT h.attisdropped AND h.attgenerated = '';
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION '% lacks columns of % (or has them with another type): %', p_cold, p_hot, v_missing
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'SELECT * FROM memory_store.archive_sync_columns(); adds them (as memory_owner).';
    END IF;
    RETURN v_columns;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_columns(p_hot regclass, p_cold regclass) IS 'The stored columns of a hot table (quoted, in order) that an archive move copies by name; 55000 when the archive table lacks one or has another type.
Example: SELECT memory_store.archive_columns(''memory_store.memory_entries'', ''memory_archive.memory_entries'');';
