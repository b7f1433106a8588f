-- memory_store.dedupe_nearest(p_user_id text, p_memory_type text,
--     p_embedding extensions.vector, p_embedding_model text) RETURNS
--     TABLE(memory_id character varying, created_at timestamp with time
--     zone, similarity double precision)
--
-- The active, unexpired memory of user p_user_id (NULL: of no user) and
-- type p_memory_type whose embedding of model p_embedding_model is the most
-- similar (cosine) to p_embedding, with that similarity; no row when the
-- user has no such memory. A user with few vectors
-- (memory_store.search_exact_user) is scanned exactly; otherwise the HNSW
-- index with pgvector's iterative scan, which is approximate: the nearest
-- memory may be missed, as in a semantic search. Archived memories are
-- never candidates (memory_store.dedupe_candidate, inlined, checks each
-- nearest embedding's memory). Runs as its caller (row-level security
-- applies).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.dedupe_nearest('u-1', 'context', $1::extensions.vector, 'text-embedding-3-small');

CREATE OR REPLACE FUNCTION memory_store.dedupe_nearest(
    p_user_id         text,
    p_memory_type     text,
    p_embedding       extensions.vector,
    p_embedding_model text)
RETURNS TABLE (memory_id varchar(64), created_at timestamptz, similarity double precision)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
AS $fn$
DECLARE
    v_exact text := CASE WHEN p_user_id IS NOT NULL THEN memory_store.search_exact_user(p_user_id) END;
BEGIN
    IF v_exact IS NOT NULL THEN
        -- Few vectors: the exact nearest (the + 0 keeps the HNSW index out).
        RETURN QUERY
        SELECT ve.memory_id, me.created_at, 1 - (ve.embedding OPERATOR(extensions.<=>) p_embedding)
          FROM memory_store.vector_embeddings ve
         CROSS JOIN LATERAL memory_store.dedupe_candidate(ve.memory_id, p_memory_type) me
         WHERE ve.user_id = v_exact AND ve.embedding_model = p_embedding_model
         ORDER BY (ve.embedding OPERATOR(extensions.<=>) p_embedding) + 0, ve.memory_id
         LIMIT 1;
        RETURN;
    END IF;
    -- The HNSW scan goes on (iterative scan) until candidates of this user,
    -- type and model turn up; the relaxed order is put right outside it.
    RETURN QUERY
    WITH candidates AS MATERIALIZED (
        SELECT ve.memory_id, me.created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding AS distance
          FROM memory_store.vector_embeddings ve
         CROSS JOIN LATERAL memory_store.dedupe_candidate(ve.memory_id, p_memory_type) me
         WHERE ve.user_id IS NOT DISTINCT FROM p_user_id AND ve.embedding_model = p_embedding_model
         ORDER BY ve.embedding OPERATOR(extensions.<=>) p_embedding
         LIMIT 5)
    SELECT c.memory_id, c.created_at, 1 - c.distance FROM candidates c ORDER BY c.distance, c.memory_id LIMIT 1;
END
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_nearest(p_user_id text, p_memory_type text, p_embedding extensions.vector, p_embedding_model text) IS 'The active memory of a user and type whose embedding (of the model) is nearest to p_embedding, with its cosine similarity: exact for a user with few vectors, HNSW (approximate) otherwise; archived memories excluded.
Example: SELECT * FROM memory_store.dedupe_nearest(''u-1'', ''context'', $1::extensions.vector, ''text-embedding-3-small'');';
