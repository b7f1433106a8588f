-- Revert memory-orchestrator:vector_embeddings from pg
BEGIN;

DROP TABLE memory_store.vector_embeddings;

COMMIT;
