-- Verify memory-orchestrator:embedding_index on pg
BEGIN;

SELECT 1 / count(*)
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
  JOIN pg_catalog.pg_am am ON am.oid = c.relam
  JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[0]
 WHERE i.indexrelid = 'memory_store.idx_vector_embeddings_embedding'::regclass
   AND i.indrelid = 'memory_store.vector_embeddings'::regclass
   AND am.amname = 'hnsw'
   AND oc.opcname = 'vector_cosine_ops';

ROLLBACK;
