-- Revert memory-orchestrator:search_scan_branches from pg
-- The candidates' one statement of three branches again.
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/search/search_semantic_candidates.v1.sql

DROP FUNCTION memory_store.search_semantic_scan(text, text, extensions.vector, boolean, text[], text, text, text, text[], timestamptz, timestamptz, text, integer);
DROP TYPE memory_store.search_candidate;

COMMIT;
