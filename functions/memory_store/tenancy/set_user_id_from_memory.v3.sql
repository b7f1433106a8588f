-- memory_store.set_user_id_from_memory() RETURNS trigger
--
-- BEFORE INSERT OR UPDATE of the memory id or user_id of a row that hangs
-- off a memory: user_id = the memory's (memory_store.memory_user_id). The
-- trigger's argument names the column that holds the memory's id:
-- memory_id (memory_tags, vector_embeddings; the default) or
-- source_memory_id (memory_relationships: a link belongs to the user of
-- its source).
--
-- Errors:
--   none of its own
-- Example:
--   CREATE TRIGGER memory_relationships_set_user_id
--       BEFORE INSERT OR UPDATE OF source_memory_id, user_id ON memory_store.memory_relationships
--       FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory('source_memory_id');

CREATE OR REPLACE FUNCTION memory_store.set_user_id_from_memory()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- each branch names a column only the tables that take it have; a
    -- trigger function's statements are prepared per table, on first use
    IF TG_NARGS > 0 AND TG_ARGV[0] = 'source_memory_id' THEN
        NEW.user_id := memory_store.memory_user_id(NEW.source_memory_id);
    ELSE
        NEW.user_id := memory_store.memory_user_id(NEW.memory_id);
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_user_id_from_memory() IS 'Trigger: BEFORE INSERT OR UPDATE OF the memory id, user_id on memory_tags and vector_embeddings (memory_id) and memory_relationships (argument source_memory_id); user_id = the memory''s.';
