-- memory_store.search_run(p_request memory_store.search_request) RETURNS
--     SETOF memory.search_result
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
--   SELECT memory_id, score, score_components FROM memory_store.search_run(ROW('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, 'blended', NULL)::memory_store.search_request);

CREATE OR REPLACE FUNCTION memory_store.search_run(
    p_request memory_store.search_request)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max   integer := (SELECT max_page_size FROM memory_store.limits());
    v_count bigint;
    v_pool  memory_store.search_request;
BEGIN
    IF memory_store.require('rank_by', p_request.rank_by) NOT IN ('relevance', 'blended') THEN
        RAISE EXCEPTION 'rank_by must be relevance or blended, got %', quote_literal(left(p_request.rank_by, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_request.as_of > clock_timestamp() THEN
        RAISE EXCEPTION 'as_of % is in the future', p_request.as_of
            USING ERRCODE = 'invalid_parameter_value', HINT = 'omit as_of to search the store as it is now';
    END IF;
    IF p_request.rank_by = 'relevance' THEN
        RETURN QUERY SELECT * FROM memory_store.search_relevance(p_request);
    ELSE
        -- the pool; a bad limit goes through unchanged, so that it fails as it would for relevance
        v_pool := p_request;
        v_pool."limit" := CASE WHEN p_request."limit" BETWEEN 1 AND v_max THEN least(4 * p_request."limit", v_max)
                               ELSE p_request."limit" END;
        RETURN QUERY SELECT * FROM memory_store.search_blend(
            ARRAY(SELECT r FROM memory_store.search_relevance(v_pool) AS r), p_request."limit",
            coalesce(p_request.as_of, now()));
    END IF;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('memory_store.search_complete',
                       (v_count >= p_request."limit" OR p_request.search_type = 'keyword'
                        OR (p_request.as_of IS NOT NULL AND p_request.search_type = 'hybrid')
                        OR memory_store.search_exact_user(p_request.user_id) IS NOT NULL)::text, false);
    RETURN;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_run(p_request memory_store.search_request) IS 'One search without its audit row: relevance order or rank_by blended, current or as_of; sets memory_store.search_complete (false when a semantic HNSW scan returned fewer than limit).
Example: SELECT memory_id, score, score_components FROM memory_store.search_run(ROW(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, ''blended'', NULL)::memory_store.search_request);';
