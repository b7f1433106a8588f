-- Verify memory-orchestrator:semantic_filter_columns on pg
-- The filter columns, their triggers, the static candidate scan.
BEGIN;

SELECT session_id, memory_type, source_agent, is_active, expires_at, memory_created_at
  FROM memory_store.vector_embeddings WHERE false;
SELECT session_id, memory_type, source_agent, is_active, expires_at, memory_created_at
  FROM memory_archive.vector_embeddings WHERE false;
SELECT 'memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, text, integer)'::regprocedure;
SELECT 'memory_store.search_memory_row(text, timestamptz, boolean)'::regprocedure;
SELECT 'memory_store.idx_vector_embeddings_session_id'::regclass;

DO $$
BEGIN
    IF (SELECT count(*) FROM pg_catalog.pg_trigger t
         WHERE NOT t.tgisinternal
           -- write_path_plans folds the embedding's into vector_embeddings_from_memory
           AND t.tgname IN ('vector_embeddings_filter_columns', 'vector_embeddings_from_memory',
                            'memory_entries_filter_columns_inserted', 'memory_entries_filter_columns_changed')
           AND t.tgparentid = 0) <> 3 THEN
        RAISE EXCEPTION 'semantic_filter_columns: a filter-column trigger is missing';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory_store.search_semantic_impl(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::regprocedure)
       NOT LIKE '%search_semantic_candidates%' THEN
        RAISE EXCEPTION 'semantic_filter_columns: search_semantic_impl does not scan search_semantic_candidates';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.proname = 'search_vector_sql'
                  AND p.pronamespace = 'memory_store'::regnamespace) THEN
        RAISE EXCEPTION 'semantic_filter_columns: search_vector_sql is still there';
    END IF;
END
$$;

ROLLBACK;
