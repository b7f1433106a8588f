-- Deploy memory-orchestrator:archive_storage to pg
-- requires: memory_entries
-- requires: vector_embeddings
-- requires: embedding_index
-- requires: api_triggers
-- requires: lifecycle_settings_nullable
-- Cold storage for archived memories (issue 5, archiving): schema
-- memory_archive, owned by memory_owner, with no privilege for any other
-- role (agents read archived memories only through the functions of schema
-- memory that ask for them explicitly).
--
-- memory_archive.memory_entries and .vector_embeddings are created LIKE their
-- hot tables (same columns, types, CHECKs, generated text_content) plus
-- archived_at and archive_reason, but with only the indexes cold data needs:
-- no HNSW, no GIN, no full-text index. Archived memories are out of the hot
-- indexes and out of every search.
--
-- Unpartitioned, on purpose: archived rows are read by id, by session and by
-- user (through sessions), never by time range, and nothing retires the
-- archive by month; a plain table gives a real primary key on memory_id and
-- needs no partition upkeep. (Moving rows by time would be a later job, and
-- could partition then.)
--
-- Tags and relationships stay in memory_store: their foreign keys point at
-- memory_store.memory_registry, and the registry row of an archived memory
-- stays (is_archived = true), so the id stays globally unique (a hot insert
-- of an archived id is refused, 23505) and deleting an archived memory still
-- cascades to its tags, embeddings and relationships.
BEGIN;

CREATE SCHEMA memory_archive AUTHORIZATION memory_owner;
COMMENT ON SCHEMA memory_archive IS
    'memory-orchestrator cold storage: archived memories and their embeddings, out of the hot indexes; no privilege for agents, DBA or auditor';
REVOKE ALL ON SCHEMA memory_archive FROM PUBLIC;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.memory_registry
    ADD COLUMN is_archived boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN memory_store.memory_registry.is_archived IS
    'true: the memory lives in memory_archive.memory_entries, not in memory_store.memory_entries';

CREATE TABLE memory_archive.memory_entries (
    LIKE memory_store.memory_entries INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING COMMENTS,
    archived_at    timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    archive_reason varchar(16) NOT NULL,
    CONSTRAINT memory_entries_pkey PRIMARY KEY (memory_id),
    CONSTRAINT memory_entries_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT memory_entries_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES memory_store.sessions (session_id) ON DELETE CASCADE,
    CONSTRAINT memory_entries_archive_reason_check CHECK (archive_reason IN ('session', 'retention'))
);
COMMENT ON TABLE memory_archive.memory_entries IS
    'Archived memories: rows moved out of memory_store.memory_entries (same columns) by the archive and retention jobs; restorable with memory_store.archive_restore';
COMMENT ON COLUMN memory_archive.memory_entries.archive_reason IS
    'session: its session was archived (ended or idle too long, or archived by request); retention: its user was over the memory budget';
-- Reads by session (restore, batch read, the session foreign key's cascade)
-- and the TTL purge of archived memories; nothing else is indexed.
CREATE INDEX idx_archive_memory_entries_session_id ON memory_archive.memory_entries (session_id, created_at);
CREATE INDEX idx_archive_memory_entries_expires_at ON memory_archive.memory_entries (expires_at)
    WHERE expires_at IS NOT NULL;

CREATE TABLE memory_archive.vector_embeddings (
    LIKE memory_store.vector_embeddings INCLUDING COMMENTS,
    CONSTRAINT vector_embeddings_pkey PRIMARY KEY (embedding_id),
    CONSTRAINT vector_embeddings_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT unique_memory_embedding UNIQUE (memory_id, embedding_model)
);
COMMENT ON TABLE memory_archive.vector_embeddings IS
    'Embeddings of archived memories, without a vector index: out of semantic search until restored';

\ir ../functions/history/memory_store/archive_storage.v1.sql
\ir ../functions/history/memory_store/memory_entries_registry_triggers.v2.sql

CREATE TRIGGER memory_entries_release_id
    AFTER DELETE ON memory_archive.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.archived_entries_release_id();
CREATE TRIGGER memory_entries_keep_id
    BEFORE UPDATE OF memory_id, created_at ON memory_archive.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_keep_id();

COMMIT;
