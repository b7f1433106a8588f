-- Deploy memory-orchestrator:embedding_index to pg
-- requires: vector_embeddings
-- The seed builds IVFFlat (lists = 100) on an empty table: IVFFlat learns its
-- centroids from the rows present at build time, so built empty it clusters
-- nothing and recall collapses as data arrives. HNSW needs no training, stays
-- accurate as rows are added, and supports pgvector 0.8 iterative scans for
-- filtered searches. Cosine distance, as in the seed. Build parameters are
-- sqitch variables (hnsw_m, hnsw_ef_construction); defaults are pgvector's.
BEGIN;

SET LOCAL ROLE memory_owner;

\if :{?hnsw_m}
\else
\set hnsw_m 16
\endif
\if :{?hnsw_ef_construction}
\else
\set hnsw_ef_construction 64
\endif

CREATE INDEX idx_vector_embeddings_embedding ON memory_store.vector_embeddings
    USING hnsw (embedding extensions.vector_cosine_ops)
    WITH (m = :hnsw_m, ef_construction = :hnsw_ef_construction);

COMMIT;
