-- Deploy memory-orchestrator:memory_entries to pg
-- requires: sessions
-- requires: memory_registry
-- requires: partition_maintenance
-- Seed table 2, range-partitioned by month on created_at (UTC months). The
-- primary key therefore includes created_at; memory_registry keeps memory_id
-- globally unique. A DEFAULT partition catches rows outside the monthly
-- partitions, so an insert never fails for lack of a partition.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_entries (
    memory_id    varchar(64) NOT NULL,
    session_id   varchar(64),
    memory_type  varchar(32) NOT NULL,
    content      jsonb NOT NULL,
    text_content text GENERATED ALWAYS AS (content ->> 'text') STORED,
    source_agent varchar(64),
    created_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at   timestamptz,
    priority     integer NOT NULL DEFAULT 5,
    is_active    boolean NOT NULL DEFAULT true,
    CONSTRAINT memory_entries_pkey PRIMARY KEY (memory_id, created_at),
    CONSTRAINT memory_entries_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT memory_entries_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES memory_store.sessions (session_id) ON DELETE CASCADE,
    CONSTRAINT valid_priority CHECK (priority BETWEEN 1 AND 10)
) PARTITION BY RANGE (created_at);

COMMENT ON TABLE memory_store.memory_entries IS
    'Core memory entries (seed table 2); monthly range partitions on created_at plus a DEFAULT partition';
COMMENT ON COLUMN memory_store.memory_entries.text_content IS 'Generated from content->>''text''; feeds full-text search';
COMMENT ON COLUMN memory_store.memory_entries.is_active IS 'false = soft-deleted';

CREATE TABLE memory_store.memory_entries_default
    PARTITION OF memory_store.memory_entries DEFAULT;

\ir ../functions/history/memory_store/memory_entries_registry_triggers.v1.sql

CREATE TRIGGER memory_entries_claim_id
    BEFORE INSERT ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_claim_id();
CREATE TRIGGER memory_entries_release_id
    AFTER DELETE ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_release_id();
CREATE TRIGGER memory_entries_keep_id
    BEFORE UPDATE OF memory_id, created_at ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_keep_id();

\if :{?partition_months_ahead}
\else
\set partition_months_ahead 3
\endif
SELECT count(*) AS monthly_partitions
  FROM memory_store.ensure_monthly_partitions('memory_store.memory_entries',
                                              (now() AT TIME ZONE 'UTC')::date,
                                              :'partition_months_ahead'::integer) \gset

COMMIT;
