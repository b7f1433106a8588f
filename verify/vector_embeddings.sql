-- Verify memory-orchestrator:vector_embeddings on pg
BEGIN;

SELECT embedding_id, memory_id, embedding, embedding_model, created_at
  FROM memory_store.vector_embeddings
 WHERE false;

DO $$
BEGIN
    IF pg_catalog.format_type(
           (SELECT atttypid FROM pg_catalog.pg_attribute
             WHERE attrelid = 'memory_store.vector_embeddings'::regclass AND attname = 'embedding'),
           (SELECT atttypmod FROM pg_catalog.pg_attribute
             WHERE attrelid = 'memory_store.vector_embeddings'::regclass AND attname = 'embedding'))
       NOT IN ('vector(1536)', 'extensions.vector(1536)') THEN
        RAISE EXCEPTION 'vector_embeddings.embedding must be vector(1536)';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                    WHERE conrelid = 'memory_store.vector_embeddings'::regclass AND contype = 'f'
                      AND confrelid = 'memory_store.memory_registry'::regclass AND confdeltype = 'c') THEN
        RAISE EXCEPTION 'vector_embeddings.memory_id must reference the memory registry ON DELETE CASCADE';
    END IF;
    -- A partitioned table must have the partitions that route every hash.
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table
                WHERE partrelid = 'memory_store.vector_embeddings'::regclass)
       AND (SELECT count(*) FROM pg_catalog.pg_inherits
             WHERE inhparent = 'memory_store.vector_embeddings'::regclass) < 2 THEN
        RAISE EXCEPTION 'vector_embeddings is hash-partitioned but has fewer than 2 partitions';
    END IF;
END
$$;

ROLLBACK;
