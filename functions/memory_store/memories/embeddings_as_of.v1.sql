-- memory_store.embeddings_as_of(p_as_of timestamp with time zone) RETURNS
--     TABLE(memory_id character varying, embedding_model character varying,
--     embedding extensions.vector)
--
-- The embedding each memory had at p_as_of, per embedding model: a kept one
-- of memory_store.embedding_versions valid then (valid_from <= p_as_of <
-- valid_to), else the current one of memory_store.vector_embeddings when it
-- existed then (created_at <= p_as_of). Join it to
-- memory_store.memories_as_of(p_as_of) on memory_id: that join drops the
-- embeddings of memories that did not exist, or were archived, at that
-- instant. SECURITY INVOKER and plain SQL (inlined): the tenant policy
-- applies.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT m.memory_id FROM memory_store.memories_as_of(now() - interval '1 day') m JOIN memory_store.embeddings_as_of(now() - interval '1 day') x USING (memory_id);

CREATE OR REPLACE FUNCTION memory_store.embeddings_as_of(p_as_of timestamptz)
RETURNS TABLE (memory_id varchar(64), embedding_model varchar(64), embedding extensions.vector(1536))
LANGUAGE sql STABLE
AS $fn$
    SELECT k.memory_id, k.embedding_model, k.embedding
      FROM memory_store.embedding_versions k
     WHERE k.valid_to > p_as_of AND k.valid_from <= p_as_of
    UNION ALL
    SELECT c.memory_id, c.embedding_model, c.embedding
      FROM memory_store.vector_embeddings c
     WHERE c.created_at <= p_as_of
       AND NOT EXISTS (SELECT 1 FROM memory_store.embedding_versions k
                        WHERE k.memory_id = c.memory_id AND k.embedding_model = c.embedding_model
                          AND k.valid_to > p_as_of AND k.valid_from <= p_as_of)
$fn$;

COMMENT ON FUNCTION memory_store.embeddings_as_of(p_as_of timestamp with time zone) IS 'The embedding each memory of the acting user had at p_as_of, per model (SECURITY INVOKER: the tenant policy applies): a kept one of embedding_versions valid then, else the current one if it existed then; join memory_store.memories_as_of on memory_id.
Example: SELECT m.memory_id FROM memory_store.memories_as_of(now() - interval ''1 day'') m JOIN memory_store.embeddings_as_of(now() - interval ''1 day'') x USING (memory_id);';
