-- memory_store.memory_entries_release_id() RETURNS trigger
--
-- After a memory row is deleted (directly, or by the session cascade): release
-- its id; the foreign keys on the registry then cascade to tags, embeddings
-- and relationships and set access-log references to NULL, as in the seed.
-- A memory leaving for the archive (is_archived set first by
-- memory_store.archive_move) keeps its id.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_release_id AFTER DELETE ON memory_store.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_release_id()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_release_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DELETE FROM memory_store.memory_registry WHERE memory_id = OLD.memory_id AND NOT is_archived;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_release_id() IS 'Trigger: AFTER DELETE on memory_entries; removes the registry row (which cascades to tags, embeddings and relationships) unless the memory is moving to the archive.';
