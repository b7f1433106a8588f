-- memory_store.vector_embeddings_keep_version() RETURNS trigger
--
-- AFTER UPDATE (of the embedding or its model) or DELETE, FOR EACH ROW, on
-- memory_store.vector_embeddings: keeps the embedding a memory had in
-- memory_store.embedding_versions, valid from the end of the previous kept
-- embedding of that memory and model (else the row's created_at) to now().
-- A move to the archive deletes the hot embedding: it is kept too, so
-- memory_store.embeddings_as_of finds it for any instant before the move.
-- Nothing is kept when the memory itself is gone (hard delete, purge,
-- erasure: the registry row went first and its cascade removes the rest).
-- Owned by memory_maintainer, like memory_store.memory_entries_keep_version.
--
-- Errors:
--   none of its own
-- Example:
--   trigger vector_embeddings_version_deleted AFTER DELETE ON memory_store.vector_embeddings FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_keep_version()  (and 1 more)

CREATE OR REPLACE FUNCTION memory_store.vector_embeddings_keep_version()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = OLD.memory_id) THEN
        RETURN NULL;
    END IF;
    INSERT INTO memory_store.embedding_versions (memory_id, user_id, embedding_model, embedding, valid_from, valid_to)
    SELECT OLD.memory_id, OLD.user_id, OLD.embedding_model, OLD.embedding,
           least(now(), coalesce((SELECT max(k.valid_to) FROM memory_store.embedding_versions k
                                   WHERE k.memory_id = OLD.memory_id AND k.embedding_model = OLD.embedding_model),
                                 OLD.created_at)),
           now();
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.vector_embeddings_keep_version() IS 'Trigger: AFTER UPDATE / DELETE on vector_embeddings; keeps the replaced or deleted embedding of a memory that still exists in memory_store.embedding_versions (valid_from, valid_to), for memory_store.embeddings_as_of.
Example: SELECT embedding_model, valid_from, valid_to FROM memory_store.embedding_versions WHERE memory_id = ''m-1'';';
