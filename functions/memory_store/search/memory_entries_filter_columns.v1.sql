-- memory_store.memory_entries_filter_columns() RETURNS trigger
--
-- memory_entries: AFTER INSERT, and AFTER UPDATE when one of them changed:
-- the memory's embeddings take its session_id, memory_type, source_agent,
-- is_active, expires_at and created_at (vector_embeddings.memory_created_at),
-- the columns semantic search filters on without joining memory_entries
-- (memory_store.search_semantic_candidates). On INSERT the embeddings
-- normally come later (memory_store.vector_embeddings_filter_columns fills
-- them then); this covers the ones written before their memory.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_filter_columns AFTER UPDATE ON memory_store.memory_entries FOR EACH ROW WHEN (...) EXECUTE FUNCTION memory_store.memory_entries_filter_columns()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_filter_columns()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.vector_embeddings ve
       SET session_id = NEW.session_id, memory_type = NEW.memory_type, source_agent = NEW.source_agent,
           is_active = NEW.is_active, expires_at = NEW.expires_at, memory_created_at = NEW.created_at
     WHERE ve.memory_id = NEW.memory_id
       AND (ve.session_id, ve.memory_type, ve.source_agent, ve.is_active, ve.expires_at, ve.memory_created_at)
           IS DISTINCT FROM (NEW.session_id, NEW.memory_type, NEW.source_agent, NEW.is_active, NEW.expires_at,
                             NEW.created_at);
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_filter_columns() IS 'Trigger: AFTER INSERT / UPDATE on memory_entries; the memory''s embeddings take its session_id, memory_type, source_agent, is_active, expires_at and created_at (the columns semantic search filters on).';
