-- memory_store.import_prepare(p_run_id bigint) RETURNS boolean
--
-- Before the records of a run are mapped: when the run will add at least
-- 1,000 embeddings (records with an embedding whose context_id has none
-- yet; the setting memory_store.import_defer_min, when set, replaces
-- 1,000) and at least as many as the table holds, the vector indexes
-- (hnsw, ivfflat) of memory_store.vector_embeddings are dropped, their
-- definitions kept in memory_store.import_deferred_indexes, and rebuilt by
-- memory_store.import_finish (or import_fail, or
-- memory_store.import_restore_indexes after a crash): one bulk build costs
-- less than inserting every vector into the graph (bench/import_throughput.py
-- measures both). Meanwhile semantic search still answers, by a scan.
-- Returns whether it deferred the indexes.
--
-- Errors:
--   22023 no import run %
--   22P02 memory_store.import_defer_min is not an integer
-- Example:
--   SELECT memory_store.import_prepare(1);

CREATE OR REPLACE FUNCTION memory_store.import_prepare(p_run_id bigint)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_min_new constant bigint := coalesce(nullif(current_setting('memory_store.import_defer_min', true), '')::bigint, 1000);
    v_system text;
    v_new bigint;
    v_index record;
BEGIN
    SELECT r.source_system INTO v_system FROM memory_store.import_runs r WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_system <> 'contextual_memory_pc2' THEN
        RETURN false;                              -- only context items carry embeddings
    END IF;
    SELECT count(*) INTO v_new FROM memory_store.import_staging s
     WHERE s.run_id = p_run_id AND s.status IS NULL AND s.error_sqlstate IS NULL
       AND (s.embedding IS NOT NULL OR strpos(s.raw, '"embedding"') > 0)
       AND NOT EXISTS (SELECT 1 FROM memory_store.vector_embeddings v WHERE v.memory_id = s.record_key);
    IF v_new < c_min_new OR v_new < (SELECT count(*) FROM memory_store.vector_embeddings) THEN
        RETURN false;
    END IF;
    FOR v_index IN
        SELECT i.indexrelid::regclass AS name, pg_get_indexdef(i.indexrelid) AS definition,
               obj_description(i.indexrelid, 'pg_class') AS description
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
         WHERE i.indrelid = 'memory_store.vector_embeddings'::regclass AND a.amname IN ('hnsw', 'ivfflat')
    LOOP
        INSERT INTO memory_store.import_deferred_indexes (index_name, definition, description, run_id)
        VALUES (v_index.name::text, v_index.definition, v_index.description, p_run_id);
        EXECUTE format('DROP INDEX %s', v_index.name);
    END LOOP;
    RETURN FOUND;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_prepare(p_run_id bigint) IS 'Legacy import: drop the vector indexes for the load when the run adds at least 1,000 embeddings and at least as many as the table holds (memory_store.import_defer_min replaces 1,000; rebuilt by import_finish); returns whether it did. Example: SELECT memory_store.import_prepare(1);';
