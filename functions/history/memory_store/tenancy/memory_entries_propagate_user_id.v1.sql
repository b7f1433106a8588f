-- memory_store.memory_entries_propagate_user_id() RETURNS trigger
--
-- memory_entries: AFTER UPDATE OF user_id, when it changed: the memory's
-- tags, embeddings and outgoing relationships follow.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_propagate_user_id AFTER UPDATE OF user_id ON memory_store.memory_entries FOR EACH ROW WHEN (((old.user_id)::text IS DISTINCT FROM (new.user_id)::text)) EXECUTE FUNCTION memory_store.memory_entries_propagate_user_id()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_propagate_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.memory_tags t SET user_id = NEW.user_id
     WHERE t.memory_id = NEW.memory_id AND t.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.vector_embeddings v SET user_id = NEW.user_id
     WHERE v.memory_id = NEW.memory_id AND v.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.memory_relationships m SET user_id = NEW.user_id
     WHERE m.source_memory_id = NEW.memory_id AND m.user_id IS DISTINCT FROM NEW.user_id;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_propagate_user_id() IS 'Trigger: AFTER UPDATE OF user_id on memory_entries; the memory''s tags, embeddings and outgoing relationships take the new owner.';
