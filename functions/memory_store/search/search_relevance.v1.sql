-- memory_store.search_relevance(p_request memory_store.search_request)
--     RETURNS SETOF memory.search_result
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
--   SELECT memory_id, score FROM memory_store.search_relevance(ROW('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, 'relevance', NULL)::memory_store.search_request);

CREATE OR REPLACE FUNCTION memory_store.search_relevance(
    p_request memory_store.search_request)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_request.search_type NOT IN ('keyword', 'semantic', 'hybrid') THEN
        RAISE EXCEPTION 'unknown search_type %', quote_literal(left(p_request.search_type, 64))
            USING ERRCODE = 'invalid_parameter_value', HINT = 'one of: semantic, keyword, hybrid';
    ELSIF p_request.as_of IS NOT NULL THEN
        RETURN QUERY SELECT * FROM memory_store.search_as_of_impl(p_request);
    ELSIF p_request.search_type = 'keyword' THEN
        RETURN QUERY SELECT * FROM memory_store.search_keyword_impl(
            p_request.query, p_request.memory_types, p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
            p_request.created_after, p_request.created_before, p_request.include_inactive, p_request."limit");
    ELSIF p_request.search_type = 'semantic' THEN
        RETURN QUERY SELECT * FROM memory_store.search_semantic_impl(
            p_request.embedding, p_request.memory_types, p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
            p_request.created_after, p_request.created_before, p_request.include_inactive, p_request."limit", p_request.min_similarity, p_request.embedding_model);
    ELSE
        RETURN QUERY SELECT * FROM memory_store.search_hybrid_impl(
            p_request.query, p_request.embedding, p_request.memory_types, p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
            p_request.created_after, p_request.created_before, p_request.include_inactive, p_request."limit", p_request.min_similarity, p_request.embedding_model,
            p_request.rrf_k);
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_relevance(p_request memory_store.search_request) IS 'The relevance-ranked results of a keyword, semantic or hybrid search, current or as of p_as_of (memory_store.search_as_of_impl).
Example: SELECT memory_id, score FROM memory_store.search_relevance(ROW(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, ''relevance'', NULL)::memory_store.search_request);';
