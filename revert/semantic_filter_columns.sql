-- Revert memory-orchestrator:semantic_filter_columns from pg
-- The previous bodies; the filter columns, their triggers and the new helpers go.
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/search/search_vector_sql.v1.sql
\ir ../functions/history/memory_store/search/search_hnsw_settings.v2.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v3.sql
\ir ../functions/history/memory_store/search/search_hybrid_impl.v4.sql
\ir ../functions/history/memory_store/memories/memory_page_read.v1.sql
\ir ../functions/history/memory_store/memories/dispatch_batch_read.v2.sql
\ir ../functions/history/memory_store/archive/dispatch_batch_read_archived.v1.sql
DROP FUNCTION memory_store.dispatch_page_read(jsonb, text, boolean);
DROP FUNCTION memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[],
                                                      timestamptz, timestamptz, boolean, text, integer);
DROP FUNCTION memory_store.search_memory_row(text, timestamptz, boolean);
DROP FUNCTION memory_store.search_embedding_filter(memory_store.vector_embeddings, boolean, text[], text, text,
                                                   text, timestamptz, timestamptz, text);

RESET ROLE;

DROP TRIGGER vector_embeddings_filter_columns ON memory_store.vector_embeddings;
DROP TRIGGER memory_entries_filter_columns_inserted ON memory_store.memory_entries;
DROP TRIGGER memory_entries_filter_columns_changed ON memory_store.memory_entries;
DROP FUNCTION memory_store.vector_embeddings_filter_columns();
DROP FUNCTION memory_store.memory_entries_filter_columns();

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.vector_embeddings
    DROP COLUMN session_id, DROP COLUMN memory_type, DROP COLUMN source_agent, DROP COLUMN is_active,
    DROP COLUMN expires_at, DROP COLUMN memory_created_at;
ALTER TABLE memory_archive.vector_embeddings
    DROP COLUMN session_id, DROP COLUMN memory_type, DROP COLUMN source_agent, DROP COLUMN is_active,
    DROP COLUMN expires_at, DROP COLUMN memory_created_at;

COMMIT;
