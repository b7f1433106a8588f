-- memory_store.import_restore_indexes() RETURNS integer
--
-- Rebuild every vector index that an import deferred
-- (memory_store.import_deferred_indexes) and is still missing, with its
-- comment; returns how many it built. import_finish and import_fail call it;
-- after a crashed import a DBA runs it once.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_restore_indexes();

CREATE OR REPLACE FUNCTION memory_store.import_restore_indexes()
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_index memory_store.import_deferred_indexes%ROWTYPE;
    v_built integer := 0;
BEGIN
    PERFORM extensions.vector_dims('[1]'::extensions.vector);   -- loads pgvector: its index options
    FOR v_index IN DELETE FROM memory_store.import_deferred_indexes RETURNING * LOOP
        IF to_regclass(v_index.index_name) IS NULL THEN
            EXECUTE v_index.definition;
            EXECUTE format('COMMENT ON INDEX %s IS %L', v_index.index_name::regclass, v_index.description);
            v_built := v_built + 1;
        END IF;
    END LOOP;
    RETURN v_built;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_restore_indexes() IS 'Legacy import: rebuild the vector indexes an import deferred; returns how many. Example: SELECT memory_store.import_restore_indexes();';
