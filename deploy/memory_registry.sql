-- Deploy memory-orchestrator:memory_registry to pg
-- requires: schemas
-- memory_entries is partitioned by month, so its primary key must include
-- created_at and cannot by itself keep memory_id unique across partitions.
-- This small unpartitioned table holds one row per memory id: its primary
-- key makes memory_id globally unique (a concurrent insert of the same id
-- waits on the index entry and then fails with unique_violation), and the
-- seed's foreign keys to memory_entries(memory_id) point here instead, with
-- the seed's ON DELETE rules. Triggers on memory_entries keep both in step.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_registry (
    memory_id  varchar(64) NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT memory_registry_pkey PRIMARY KEY (memory_id)
);

COMMENT ON TABLE memory_store.memory_registry IS
    'One row per memory id: global uniqueness across memory_entries partitions, and the target of every foreign key to a memory';
COMMENT ON COLUMN memory_store.memory_registry.created_at IS
    'created_at of the memory, i.e. its partition: lets a lookup by id prune to one partition';

COMMIT;
