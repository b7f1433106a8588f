-- memory.search_semantic(p_embedding extensions.vector, p_memory_types
--     text[] DEFAULT NULL::text[], p_session_id text DEFAULT NULL::text,
--     p_user_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_created_after
--     timestamp with time zone DEFAULT NULL::timestamp with time zone,
--     p_created_before timestamp with time zone DEFAULT NULL::timestamp
--     with time zone, p_include_inactive boolean DEFAULT false, p_limit
--     integer DEFAULT 10, p_min_similarity double precision DEFAULT
--     NULL::double precision, p_embedding_model text DEFAULT NULL::text)
--     RETURNS SETOF memory.search_result
--
-- Semantic search: the p_limit nearest memories by cosine distance (HNSW
-- index, pgvector iterative scan so filtered searches still find k),
-- similarity_score = score = 1 - cosine distance, at least
-- p_min_similarity; optional p_embedding_model. 22023 when the embedding
-- does not have 1536 dimensions.
--
-- A read-only call: when the caller's transaction has written nothing else,
-- its audit row commits without waiting for the WAL flush
-- (memory_store.audit_read_commit; docs/audit.md says what a crash can lose).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, 55000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id, similarity_score FROM memory.search_semantic($1::extensions.vector, p_user_id => 'u1', p_min_similarity => 0.7);

CREATE OR REPLACE FUNCTION memory.search_semantic(
    p_embedding extensions.vector,
    p_memory_types text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags text[] DEFAULT NULL,
    p_created_after timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_include_inactive boolean DEFAULT false,
    p_limit integer DEFAULT 10,
    p_min_similarity double precision DEFAULT NULL,
    p_embedding_model text DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object(
        'search_type', 'semantic', 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'memory_types', p_memory_types, 'session_id', p_session_id, 'user_id', p_user_id,
        'source_agent', p_source_agent, 'tags', p_tags, 'created_after', p_created_after,
        'created_before', p_created_before, 'include_inactive', p_include_inactive, 'limit', p_limit,
        'min_similarity', p_min_similarity, 'embedding_model', p_embedding_model);
    v_count bigint;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_semantic_impl(
        p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit_read_commit(false);
    PERFORM memory_store.audit('search', NULL, p_session_id, v_request || jsonb_build_object('result_count', v_count), true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.search_semantic(p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text) IS 'Semantic search: the p_limit nearest memories by cosine distance (HNSW index, pgvector iterative scan so filtered searches still find k), similarity_score = score = 1 - cosine distance, at least p_min_similarity; optional p_embedding_model. 22023 when the embedding does not have 1536 dimensions.
Example: SELECT memory_id, similarity_score FROM memory.search_semantic($1::extensions.vector, p_user_id => ''u1'', p_min_similarity => 0.7);';
