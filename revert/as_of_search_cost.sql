-- Revert memory-orchestrator:as_of_search_cost from pg
-- The previous body and pgvector's default storage (out of line). Rows kept
-- inline meanwhile stay inline; they read the same.
BEGIN;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.embedding_versions ALTER COLUMN embedding SET STORAGE EXTERNAL;

\ir ../functions/history/memory_store/search/search_as_of_impl.v1.sql

COMMIT;
