-- memory_store.set_user_id_from_memory() RETURNS trigger
--
-- memory_tags: BEFORE INSERT OR UPDATE OF memory_id, user_id. (An embedding
-- takes its user_id with its filter columns, in one read:
-- memory_store.vector_embeddings_from_memory.)
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_tags_set_user_id BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.memory_tags FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory()

CREATE OR REPLACE FUNCTION memory_store.set_user_id_from_memory()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    NEW.user_id := memory_store.memory_user_id(NEW.memory_id);
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_user_id_from_memory() IS 'Trigger: BEFORE INSERT OR UPDATE OF memory_id, user_id on memory_tags; user_id = the memory''s.';
