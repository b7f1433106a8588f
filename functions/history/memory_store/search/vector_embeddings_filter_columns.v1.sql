-- memory_store.vector_embeddings_filter_columns() RETURNS trigger
--
-- vector_embeddings: BEFORE INSERT OR UPDATE OF memory_id: the columns of
-- the memory that semantic search filters on (session_id, memory_type,
-- source_agent, is_active, expires_at, memory_created_at) copied from
-- memory_entries, found through the registry's created_at (one partition
-- probed). Left NULL when the memory is not in memory_entries yet (an
-- embedding written before its memory, an archived memory):
-- memory_store.memory_entries_filter_columns fills them when it arrives,
-- and until then search passes over the embedding (NULL is not active).
--
-- Errors:
--   none of its own
-- Example:
--   trigger vector_embeddings_filter_columns BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_filter_columns()

CREATE OR REPLACE FUNCTION memory_store.vector_embeddings_filter_columns()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_created timestamptz := (SELECT r.created_at FROM memory_store.memory_registry r
                               WHERE r.memory_id = NEW.memory_id);
BEGIN
    SELECT me.session_id, me.memory_type, me.source_agent, me.is_active, me.expires_at, me.created_at
      INTO NEW.session_id, NEW.memory_type, NEW.source_agent, NEW.is_active, NEW.expires_at, NEW.memory_created_at
      FROM memory_store.memory_entries me
     WHERE me.memory_id = NEW.memory_id AND me.created_at = v_created;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.vector_embeddings_filter_columns() IS 'Trigger: BEFORE INSERT OR UPDATE OF memory_id on vector_embeddings; copies the memory''s session_id, memory_type, source_agent, is_active, expires_at and created_at (memory_created_at), the columns semantic search filters on.';
