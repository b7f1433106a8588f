-- Deploy memory-orchestrator:memory_types to pg
-- requires: memory_entries
-- The allowed memory types live in one place: this table. memory_entries
-- references it, so a direct write is held to the same rule as the API, and
-- adding a type is an INSERT, not a redeploy. Seeded with the seed's four
-- types plus the two the legacy mappings need (entity, interaction).
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_types (
    memory_type varchar(32) NOT NULL,
    description text NOT NULL,
    CONSTRAINT memory_types_pkey PRIMARY KEY (memory_type)
);

COMMENT ON TABLE memory_store.memory_types IS 'The allowed values of memory_entries.memory_type';

INSERT INTO memory_store.memory_types (memory_type, description) VALUES
    ('conversation',    'A conversation turn (seed)'),
    ('context',         'A context item, e.g. from contextual_memory_pc2 (seed)'),
    ('user_preference', 'A preference of the user (seed)'),
    ('agent_state',     'A snapshot of agent state kept as a memory (seed)'),
    ('entity',          'Entity knowledge (legacy jarvis_memory_pc2)'),
    ('interaction',     'An interaction from the history (legacy jarvis_memory_pc2)');

ALTER TABLE memory_store.memory_entries
    ADD CONSTRAINT memory_entries_memory_type_fkey FOREIGN KEY (memory_type)
        REFERENCES memory_store.memory_types (memory_type);

COMMIT;
