-- Verify memory-orchestrator:search_ef_search on pg
-- Behaviour, not text: for k = 10 the scan must run at ef_search 100.
BEGIN;

DO $$
BEGIN
    PERFORM memory_store.search_hnsw_settings(10);
    -- from change semantic_filter_columns on, the floor is 40 or 64 for a
    -- graph of at most 20,000 / 100,000 vectors (search_hnsw_settings v3)
    IF current_setting('hnsw.ef_search') <> '100'
       AND NOT (current_setting('hnsw.ef_search') IN ('40', '64')
                AND to_regprocedure('memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, text, integer)') IS NOT NULL) THEN
        RAISE EXCEPTION 'search_hnsw_settings(10) sets hnsw.ef_search to %, expected 100 (v2)',
            current_setting('hnsw.ef_search');
    END IF;
    PERFORM memory_store.search_hnsw_settings(300);
    IF current_setting('hnsw.ef_search') <> '600' THEN
        RAISE EXCEPTION 'search_hnsw_settings(300) sets hnsw.ef_search to %, expected 600',
            current_setting('hnsw.ef_search');
    END IF;
END
$$;

ROLLBACK;
