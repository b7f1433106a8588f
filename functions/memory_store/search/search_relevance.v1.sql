-- memory_store.search_relevance(p_search_type text, p_query text,
--     p_embedding extensions.vector, p_memory_types text[], p_session_id
--     text, p_user_id text, p_source_agent text, p_tags text[],
--     p_created_after timestamp with time zone, p_created_before timestamp
--     with time zone, p_include_inactive boolean, p_limit integer,
--     p_min_similarity double precision, p_embedding_model text, p_rrf_k
--     integer, p_as_of timestamp with time zone) RETURNS SETOF
--     memory.search_result
--
-- The relevance-ranked results of one search: keyword, semantic or hybrid
-- over the store as it is (memory_store.search_keyword_impl,
-- search_semantic_impl, search_hybrid_impl) or, with p_as_of, as it stood
-- then (memory_store.search_as_of_impl). The arguments a search type does
-- not use are ignored.
--
-- Errors:
--   22023 unknown search_type %
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id, score FROM memory_store.search_relevance('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, NULL);

CREATE OR REPLACE FUNCTION memory_store.search_relevance(
    p_search_type text,
    p_query text,
    p_embedding extensions.vector,
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean,
    p_limit integer,
    p_min_similarity double precision,
    p_embedding_model text,
    p_rrf_k integer,
    p_as_of timestamptz)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_search_type NOT IN ('keyword', 'semantic', 'hybrid') THEN
        RAISE EXCEPTION 'unknown search_type %', quote_literal(left(p_search_type, 64))
            USING ERRCODE = 'invalid_parameter_value', HINT = 'one of: semantic, keyword, hybrid';
    ELSIF p_as_of IS NOT NULL THEN
        RETURN QUERY SELECT * FROM memory_store.search_as_of_impl(
            p_search_type, p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
            p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model,
            p_rrf_k, p_as_of);
    ELSIF p_search_type = 'keyword' THEN
        RETURN QUERY SELECT * FROM memory_store.search_keyword_impl(
            p_query, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
            p_created_after, p_created_before, p_include_inactive, p_limit);
    ELSIF p_search_type = 'semantic' THEN
        RETURN QUERY SELECT * FROM memory_store.search_semantic_impl(
            p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
            p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model);
    ELSE
        RETURN QUERY SELECT * FROM memory_store.search_hybrid_impl(
            p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
            p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model,
            p_rrf_k);
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_relevance(p_search_type text, p_query text, p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text, p_rrf_k integer, p_as_of timestamp with time zone) IS 'The relevance-ranked results of a keyword, semantic or hybrid search, current or as of p_as_of (memory_store.search_as_of_impl).
Example: SELECT memory_id, score FROM memory_store.search_relevance(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, NULL);';
