-- memory_store.memory_relationships_set_user_id() RETURNS trigger
--
-- memory_relationships: BEFORE INSERT OR UPDATE OF source_memory_id, user_id.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_relationships_set_user_id BEFORE INSERT OR UPDATE OF source_memory_id, user_id ON memory_store.memory_relationships FOR EACH ROW EXECUTE FUNCTION memory_store.memory_relationships_set_user_id()

CREATE OR REPLACE FUNCTION memory_store.memory_relationships_set_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    NEW.user_id := memory_store.memory_user_id(NEW.source_memory_id);
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_relationships_set_user_id() IS 'Trigger: BEFORE INSERT OR UPDATE OF source_memory_id, user_id on memory_relationships; user_id = the source memory''s.';
