-- Deploy memory-orchestrator:as_of_search_cost to pg
-- requires: search_explained
-- requires: history_table
-- The cost of semantic search as of an instant (issue 17, point 6: at most
-- 3x the current search), by the plan of the call (docs/benchmarks.md):
--   search_as_of_impl v2   each candidate's state then is looked up nearest
--                          first and the lookups stop at the limit (they
--                          ran for every candidate, four times the limit);
--                          the exact scan of kept embeddings reads the
--                          acting user's rows only
--   embedding_versions.embedding stored inline (STORAGE PLAIN): a kept
--                          vector(1536) is about 6 kB and fits a page, so
--                          the exact scan reads one heap page per kept
--                          embedding instead of a TOAST index probe and
--                          three chunks. Rows kept before this change stay
--                          out of line (the table is append-only); they
--                          read as before.
BEGIN;

-- pgvector's settings (hnsw.*) in the function's SET clause are known only
-- once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.embedding_versions ALTER COLUMN embedding SET STORAGE PLAIN;

\ir ../functions/memory_store/search/search_as_of_impl.v2.sql

COMMIT;
