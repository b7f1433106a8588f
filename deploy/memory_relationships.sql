-- Deploy memory-orchestrator:memory_relationships to pg
-- requires: memory_registry
-- Seed table 7. Both ends reference the memory id registry, ON DELETE CASCADE.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_relationships (
    relationship_id   serial NOT NULL,
    source_memory_id  varchar(64) NOT NULL,
    target_memory_id  varchar(64) NOT NULL,
    relationship_type varchar(32) NOT NULL,
    metadata          jsonb,
    created_at        timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT memory_relationships_pkey PRIMARY KEY (relationship_id),
    CONSTRAINT memory_relationships_source_memory_id_fkey FOREIGN KEY (source_memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT memory_relationships_target_memory_id_fkey FOREIGN KEY (target_memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT unique_memory_relationship UNIQUE (source_memory_id, target_memory_id, relationship_type)
);

COMMENT ON TABLE memory_store.memory_relationships IS 'Typed links between memories (seed table 7)';

COMMIT;
