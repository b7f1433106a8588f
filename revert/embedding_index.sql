-- Revert memory-orchestrator:embedding_index from pg
BEGIN;

DROP INDEX memory_store.idx_vector_embeddings_embedding;

COMMIT;
