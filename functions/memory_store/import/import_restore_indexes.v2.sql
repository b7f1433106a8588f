-- memory_store.import_restore_indexes() RETURNS integer
--
-- Rebuild every vector index that an import deferred
-- (memory_store.import_deferred_indexes) and is still missing, with its
-- comment; returns how many it built. The build may use the server's
-- parallel maintenance workers (max_parallel_maintenance_workers): the
-- planner sizes them by the table's heap, which holds little of
-- vector_embeddings (its vectors live in TOAST), so for the build the table
-- says parallel_workers = that setting, unless a DBA set it already, and
-- the setting is removed again after. import_finish and import_fail call
-- it; after a crashed import a DBA runs it once.
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
    v_workers constant integer := current_setting('max_parallel_maintenance_workers')::integer;
    v_reset boolean := false;
BEGIN
    PERFORM extensions.vector_dims('[1]'::extensions.vector);   -- loads pgvector: its index options
    FOR v_index IN DELETE FROM memory_store.import_deferred_indexes RETURNING * LOOP
        IF to_regclass(v_index.index_name) IS NULL THEN
            IF v_built = 0 AND v_workers > 0
               AND NOT EXISTS (SELECT 1 FROM pg_class c, unnest(c.reloptions) AS o
                                WHERE c.oid = 'memory_store.vector_embeddings'::regclass
                                  AND o LIKE 'parallel\_workers=%') THEN
                EXECUTE format('ALTER TABLE memory_store.vector_embeddings SET (parallel_workers = %s)', v_workers);
                v_reset := true;
            END IF;
            EXECUTE v_index.definition;
            EXECUTE format('COMMENT ON INDEX %s IS %L', v_index.index_name::regclass, v_index.description);
            v_built := v_built + 1;
        END IF;
    END LOOP;
    IF v_reset THEN
        ALTER TABLE memory_store.vector_embeddings RESET (parallel_workers);
    END IF;
    RETURN v_built;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_restore_indexes() IS 'Legacy import: rebuild the vector indexes an import deferred, with the parallel maintenance workers the server allows; returns how many. Example: SELECT memory_store.import_restore_indexes();';
