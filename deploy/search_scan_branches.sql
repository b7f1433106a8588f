-- Deploy memory-orchestrator:search_scan_branches to pg
-- requires: search_semantic_direct
-- The candidate scan starts only the branch it runs (issue 16, point 2): a
-- generic plan starts every branch of its statement, and the candidates'
-- one statement of three branches (exact user, exact session, HNSW) started
-- all three on every search.
--   search_candidate               a candidate row: memory, its created_at,
--                                  the distance
--   search_semantic_scan v1        the scan, an inlinable SQL function whose
--                                  branch is a constant at each call site
--   search_semantic_candidates v2  one statement per branch
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

CREATE TYPE memory_store.search_candidate AS (
    memory_id         varchar(64),
    memory_created_at timestamptz,
    distance          double precision
);
COMMENT ON TYPE memory_store.search_candidate IS 'A candidate of a semantic search: the memory, its created_at (the partition key of memory_entries), the cosine distance of the embedding that found it.';

\ir ../functions/history/memory_store/search/search_semantic_scan.v1.sql
\ir ../functions/memory_store/search/search_semantic_candidates.v2.sql

REVOKE ALL ON FUNCTION memory_store.search_semantic_scan(text, text, extensions.vector, boolean, text[], text, text, text, text[], timestamptz, timestamptz, text, integer) FROM PUBLIC;

COMMIT;
