-- Revert memory-orchestrator:history_table from pg
-- The history goes: triggers, helpers, the two version tables and the three
-- columns of memory_entries (hot and archive).
BEGIN;

ALTER FUNCTION memory_store.memory_entries_keep_version() OWNER TO memory_owner;
ALTER FUNCTION memory_store.vector_embeddings_keep_version() OWNER TO memory_owner;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_entries_version ON memory_store.memory_entries;
DROP TRIGGER memory_entries_version_kept ON memory_store.memory_entries;
DROP TRIGGER memory_entries_version_unarchive ON memory_store.memory_entries;
DROP TRIGGER memory_entries_version ON memory_archive.memory_entries;
DROP TRIGGER memory_entries_version_kept ON memory_archive.memory_entries;
DROP TRIGGER memory_entries_version_archive ON memory_archive.memory_entries;
DROP TRIGGER vector_embeddings_version_deleted ON memory_store.vector_embeddings;
DROP TRIGGER vector_embeddings_version_replaced ON memory_store.vector_embeddings;

DROP FUNCTION memory_store.embeddings_as_of(timestamptz);
DROP FUNCTION memory_store.memories_as_of(timestamptz);
DROP TABLE memory_store.embedding_versions;
DROP TABLE memory_store.memory_versions;
DROP FUNCTION memory_store.memory_versions_append_only();
DROP FUNCTION memory_store.vector_embeddings_keep_version();
DROP FUNCTION memory_store.memory_entries_keep_version();
DROP FUNCTION memory_store.memory_entries_version();

ALTER TABLE memory_archive.memory_entries
    DROP COLUMN change_operation, DROP COLUMN changed_by, DROP COLUMN version;
ALTER TABLE memory_store.memory_entries
    DROP COLUMN change_operation, DROP COLUMN changed_by, DROP COLUMN version;

COMMIT;
