-- Deploy memory-orchestrator:memory_tags to pg
-- requires: memory_registry
-- Seed table 3. memory_id references the memory id registry (the seed's
-- memory_entries(memory_id), which partitioning cannot make unique alone).
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_tags (
    tag_id    serial NOT NULL,
    memory_id varchar(64) NOT NULL,
    tag       varchar(64) NOT NULL,
    CONSTRAINT memory_tags_pkey PRIMARY KEY (tag_id),
    CONSTRAINT memory_tags_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT unique_memory_tag UNIQUE (memory_id, tag)
);

COMMENT ON TABLE memory_store.memory_tags IS 'Tags of memory entries (seed table 3)';

COMMIT;
