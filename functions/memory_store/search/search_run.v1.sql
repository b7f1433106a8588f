-- memory_store.search_run(p_search_type text, p_query text, p_embedding
--     extensions.vector, p_memory_types text[], p_session_id text,
--     p_user_id text, p_source_agent text, p_tags text[], p_created_after
--     timestamp with time zone, p_created_before timestamp with time zone,
--     p_include_inactive boolean, p_limit integer, p_min_similarity double
--     precision, p_embedding_model text, p_rrf_k integer, p_rank_by text,
--     p_as_of timestamp with time zone) RETURNS SETOF memory.search_result
--
-- One search as the typed functions and dispatch `search` run it, without
-- the audit row: the relevance-ranked results (memory_store.search_relevance)
-- in that order for p_rank_by = 'relevance', or re-ranked by
-- memory_store.search_blend for 'blended' from a pool of least(4 * limit,
-- max_page_size) relevance-ranked results. p_as_of: the store as it stood
-- then (not later than now).
--
-- Sets the setting memory_store.search_complete for the rest of the session
-- (until the next search; rolled back with its transaction): 'false'
-- when fewer than p_limit results came back from a semantic candidate scan
-- that walked the HNSW index (pgvector's iterative scan stops after
-- hnsw.max_scan_tuples, so more matching memories may exist), 'true'
-- otherwise (a full list, keyword retrieval, the exact scan of a small
-- tenant, an as_of hybrid search, which scans exactly).
--
-- Errors:
--   22023 rank_by must be relevance or blended, got %
--   22023 as_of % is in the future
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id, score, score_components FROM memory_store.search_run('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, 'blended', NULL);

CREATE OR REPLACE FUNCTION memory_store.search_run(
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
    p_rank_by text,
    p_as_of timestamptz)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max   integer := (SELECT max_page_size FROM memory_store.limits());
    v_count bigint;
BEGIN
    IF memory_store.require('rank_by', p_rank_by) NOT IN ('relevance', 'blended') THEN
        RAISE EXCEPTION 'rank_by must be relevance or blended, got %', quote_literal(left(p_rank_by, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_as_of > clock_timestamp() THEN
        RAISE EXCEPTION 'as_of % is in the future', p_as_of
            USING ERRCODE = 'invalid_parameter_value', HINT = 'omit as_of to search the store as it is now';
    END IF;
    IF p_rank_by = 'relevance' THEN
        RETURN QUERY SELECT * FROM memory_store.search_relevance(
            p_search_type, p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
            p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model,
            p_rrf_k, p_as_of);
    ELSE
        -- a bad limit goes through unchanged, so that it fails as it would for relevance
        RETURN QUERY SELECT * FROM memory_store.search_blend(ARRAY(
            SELECT r FROM memory_store.search_relevance(
                p_search_type, p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                p_created_after, p_created_before, p_include_inactive,
                CASE WHEN p_limit BETWEEN 1 AND v_max THEN least(4 * p_limit, v_max) ELSE p_limit END,
                p_min_similarity, p_embedding_model, p_rrf_k, p_as_of) AS r), p_limit, coalesce(p_as_of, now()));
    END IF;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('memory_store.search_complete',
                       (v_count >= p_limit OR p_search_type = 'keyword' OR (p_as_of IS NOT NULL AND p_search_type = 'hybrid')
                        OR memory_store.search_exact_user(p_user_id) IS NOT NULL)::text, false);
    RETURN;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_run(p_search_type text, p_query text, p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text, p_rrf_k integer, p_rank_by text, p_as_of timestamp with time zone) IS 'One search without its audit row: relevance order or rank_by blended, current or as_of; sets memory_store.search_complete (false when a semantic HNSW scan returned fewer than limit).
Example: SELECT memory_id, score, score_components FROM memory_store.search_run(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, ''blended'', NULL);';
