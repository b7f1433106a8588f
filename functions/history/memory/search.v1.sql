-- The typed search API: memory.search_keyword, memory.search_semantic,
-- memory.search_hybrid. Same filters and the same result row
-- (memory.search_result) for all three; each call leaves exactly one audit
-- row (operation 'search', memory_id NULL, session_id = the session filter
-- when it names an existing session).

CREATE FUNCTION memory.search_keyword(
    p_query text,
    p_memory_types text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags text[] DEFAULT NULL,
    p_created_after timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_include_inactive boolean DEFAULT false,
    p_limit integer DEFAULT 10)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object(
        'search_type', 'keyword', 'query', p_query, 'memory_types', p_memory_types, 'session_id', p_session_id,
        'user_id', p_user_id, 'source_agent', p_source_agent, 'tags', p_tags, 'created_after', p_created_after,
        'created_before', p_created_before, 'include_inactive', p_include_inactive, 'limit', p_limit);
    v_count bigint;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_keyword_impl(
        p_query, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit('search', NULL, p_session_id, v_request || jsonb_build_object('result_count', v_count), true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer) IS
$$Keyword search: websearch syntax (quotes, or, -not) over text_content through its GIN index, ranked by ts_rank_cd (score; similarity_score NULL). Any string is accepted: one without searchable words returns no rows. Filters as in batch read; expired and soft-deleted memories only with p_include_inactive.
Example: SELECT memory_id, score FROM memory.search_keyword('"oat milk" coffee -decaf', p_user_id => 'u1', p_limit => 5);$$;

CREATE FUNCTION memory.search_semantic(
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
    PERFORM memory_store.audit('search', NULL, p_session_id, v_request || jsonb_build_object('result_count', v_count), true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text) IS
$$Semantic search: the p_limit nearest memories by cosine distance (HNSW index, pgvector iterative scan so filtered searches still find k), similarity_score = score = 1 - cosine distance, at least p_min_similarity; optional p_embedding_model. 22023 when the embedding does not have 1536 dimensions.
Example: SELECT memory_id, similarity_score FROM memory.search_semantic($1::extensions.vector, p_user_id => 'u1', p_min_similarity => 0.7);$$;

CREATE FUNCTION memory.search_hybrid(
    p_query text,
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
    p_embedding_model text DEFAULT NULL,
    p_rrf_k integer DEFAULT 60)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object(
        'search_type', 'hybrid', 'query', p_query, 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'memory_types', p_memory_types, 'session_id', p_session_id, 'user_id', p_user_id,
        'source_agent', p_source_agent, 'tags', p_tags, 'created_after', p_created_after,
        'created_before', p_created_before, 'include_inactive', p_include_inactive, 'limit', p_limit,
        'min_similarity', p_min_similarity, 'embedding_model', p_embedding_model, 'rrf_k', p_rrf_k);
    v_count bigint;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_hybrid_impl(
        p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model, p_rrf_k);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit('search', NULL, p_session_id, v_request || jsonb_build_object('result_count', v_count), true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer) IS
$$Hybrid search: the top 4*p_limit keyword hits and the top 4*p_limit semantic hits fused by reciprocal rank fusion, score = sum of 1 / (p_rrf_k + rank) over the lists a memory is in; similarity_score for every hit that has an embedding. p_min_similarity filters the semantic list.
Example: SELECT memory_id, score FROM memory.search_hybrid('coffee order', $1::extensions.vector, p_user_id => 'u1');$$;
