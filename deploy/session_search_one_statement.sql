-- Deploy memory-orchestrator:session_search_one_statement to pg
-- requires: exact_scan_distance_once
-- The two common semantic searches take their candidates in statements of
-- memory_store.search_semantic_direct itself: a search within one session -
-- the call an assistant makes on every turn - whose vectors are few (one
-- statement counts them and scans them exactly, each memory at its nearest
-- embedding), and a search of no exact user (one statement walks the HNSW
-- index and groups the rows by memory). Both called
-- memory_store.search_semantic_candidates, a function with seven settings
-- that ran four statements to decide the branch, scan and group; it still
-- answers an exact user and a walk that must widen.
-- A request of the common shape is validated by one expression instead of
-- two validator functions and their nested calls; the validators still
-- raise every typed error (issue 16, point 2).
--   search_semantic_direct v2
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the function's SET clauses are known only
-- once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/memory_store/search/search_semantic_direct.v2.sql

COMMIT;
