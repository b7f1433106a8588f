-- Revert memory-orchestrator:archive_storage from pg
-- Archived memories are moved back to the hot tables first: reverting the
-- archive must not lose them.
BEGIN;

SET LOCAL ROLE memory_owner;

SELECT memory_store.archive_restore(ARRAY(SELECT memory_id FROM memory_archive.memory_entries)) AS restored \gset

-- The released registry triggers (version 1) come back from their file.
DROP FUNCTION memory_store.memory_entries_claim_id() CASCADE;
DROP FUNCTION memory_store.memory_entries_release_id() CASCADE;
DROP FUNCTION memory_store.memory_entries_keep_id() CASCADE;
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

DROP FUNCTION memory_store.archive_restore(text[]);
DROP FUNCTION memory_store.archive_move(text[], text);
DROP FUNCTION memory_store.archive_sync_columns();
DROP FUNCTION memory_store.archive_columns(regclass, regclass);
DROP TABLE memory_archive.vector_embeddings;
DROP TABLE memory_archive.memory_entries;
DROP FUNCTION memory_store.archived_entries_release_id();
ALTER TABLE memory_store.memory_registry DROP COLUMN is_archived;

RESET ROLE;
DROP SCHEMA memory_archive;

COMMIT;
