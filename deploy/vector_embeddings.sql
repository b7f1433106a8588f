-- Deploy memory-orchestrator:vector_embeddings to pg
-- requires: memory_registry
-- requires: extensions
-- Seed table 4. The seed suggests hash partitioning by memory_id; every
-- partition then has its own HNSW index and a top-k search probes all of them,
-- so the partition count is a deploy-time setting (sqitch variable
-- embedding_partitions, default in sqitch.conf, chosen by measurement: README).
-- 1 means one plain table. A hash-partitioned table's primary key must
-- include memory_id: (embedding_id, memory_id).
BEGIN;

SET LOCAL ROLE memory_owner;

\if :{?embedding_partitions}
\else
\set embedding_partitions 1
\endif
SELECT pg_catalog.set_config('memory_store.embedding_partitions', :'embedding_partitions', true) AS embedding_partitions_setting \gset

DO $$
DECLARE
    partitions integer;
BEGIN
    BEGIN
        partitions := pg_catalog.current_setting('memory_store.embedding_partitions')::integer;
    EXCEPTION WHEN invalid_text_representation THEN
        partitions := NULL;
    END;
    IF partitions IS NULL OR partitions NOT BETWEEN 1 AND 64 THEN
        RAISE EXCEPTION 'embedding_partitions must be an integer from 1 to 64, got %',
                        pg_catalog.current_setting('memory_store.embedding_partitions')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    EXECUTE pg_catalog.format($ddl$
        CREATE TABLE memory_store.vector_embeddings (
            embedding_id    serial NOT NULL,
            memory_id       varchar(64) NOT NULL,
            embedding       extensions.vector(1536) NOT NULL,
            embedding_model varchar(64) NOT NULL,
            created_at      timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
            CONSTRAINT vector_embeddings_pkey PRIMARY KEY %s,
            CONSTRAINT vector_embeddings_memory_id_fkey FOREIGN KEY (memory_id)
                REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
            CONSTRAINT unique_memory_embedding UNIQUE (memory_id, embedding_model)
        ) %s $ddl$,
        CASE WHEN partitions = 1 THEN '(embedding_id)' ELSE '(embedding_id, memory_id)' END,
        CASE WHEN partitions = 1 THEN '' ELSE 'PARTITION BY HASH (memory_id)' END);

    FOR remainder IN 0 .. partitions - 1 LOOP
        EXIT WHEN partitions = 1;
        EXECUTE pg_catalog.format(
            'CREATE TABLE memory_store.%I PARTITION OF memory_store.vector_embeddings FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
            pg_catalog.format('vector_embeddings_h%s', remainder), partitions, remainder);
    END LOOP;
END
$$;

COMMENT ON TABLE memory_store.vector_embeddings IS
    'Embeddings of memory entries (seed table 4); optionally hash-partitioned by memory_id (sqitch variable embedding_partitions)';

COMMIT;
