-- memory_store.archived_entries_release_id() RETURNS trigger
--
-- After an archived memory is deleted (its session deleted, its TTL over):
-- release its id, which cascades to its tags, embeddings and relationships
-- as for a hot memory. A memory leaving the archive for the hot table
-- (memory_store.archive_restore clears is_archived first) keeps its id.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_release_id AFTER DELETE ON memory_archive.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.archived_entries_release_id()

CREATE OR REPLACE FUNCTION memory_store.archived_entries_release_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DELETE FROM memory_store.memory_registry WHERE memory_id = OLD.memory_id AND is_archived;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.archived_entries_release_id() IS 'Trigger: AFTER DELETE on memory_archive.memory_entries; removes the registry row of a deleted archived memory (cascading to its tags, embeddings, relationships), not of one being restored.';
