-- memory_store.search_audited(p_search_type text, p_query text,
--     p_embedding extensions.vector, p_memory_types text[], p_session_id
--     text, p_user_id text, p_source_agent text, p_tags text[],
--     p_created_after timestamp with time zone, p_created_before timestamp
--     with time zone, p_include_inactive boolean, p_limit integer,
--     p_min_similarity double precision, p_embedding_model text, p_rrf_k
--     integer, p_rank_by text, p_as_of timestamp with time zone) RETURNS
--     SETOF memory.search_result
--
-- The body of memory.search_keyword, search_semantic and search_hybrid: the
-- search (memory_store.search_run) and its one audit row (operation
-- 'search', memory_id NULL, the request's parameters - the query text, the
-- embedding's dimension only - and result_count). A read-only call: when
-- the caller's transaction has written nothing else, the audit row commits
-- without waiting for the WAL flush (memory_store.audit_read_commit). A
-- failed search is audited in its own transaction
-- (memory_store.audit_autonomous) and raised unchanged.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, 55000,
--   MO004, p_sqlstate
-- Example:
--   RETURN QUERY SELECT * FROM memory_store.search_audited('keyword', p_query, NULL, p_memory_types, ...);
--   (as memory.search_keyword calls it)

CREATE OR REPLACE FUNCTION memory_store.search_audited(
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
    v_request jsonb := jsonb_build_object(
        'search_type', p_search_type, 'query', p_query, 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'memory_types', p_memory_types, 'session_id', p_session_id, 'user_id', p_user_id,
        'source_agent', p_source_agent, 'tags', p_tags, 'created_after', p_created_after,
        'created_before', p_created_before, 'include_inactive', p_include_inactive, 'limit', p_limit,
        'min_similarity', p_min_similarity, 'embedding_model', p_embedding_model, 'rrf_k', p_rrf_k,
        'rank_by', p_rank_by, 'as_of', p_as_of)
        -- the keys of the parameters the search type has
        - CASE p_search_type WHEN 'keyword' THEN '{embedding_dimensions,min_similarity,embedding_model,rrf_k}'::text[]
                             WHEN 'semantic' THEN '{query,rrf_k}'::text[]
                             ELSE '{}'::text[] END;
    v_count bigint;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_run(
        p_search_type, p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model,
        p_rrf_k, p_rank_by, p_as_of);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit_read_commit(false);
    PERFORM memory_store.audit('search', NULL, p_session_id,
                               v_request || jsonb_build_object('result_count', v_count,
                                                               'complete', current_setting('memory_store.search_complete')::boolean),
                               true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_audited(p_search_type text, p_query text, p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text, p_rrf_k integer, p_rank_by text, p_as_of timestamp with time zone) IS 'The body of the typed searches: memory_store.search_run and one audit row (result_count, complete); a failure audited autonomously and raised unchanged.
Example: SELECT memory_id FROM memory_store.search_audited(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, ''relevance'', NULL);';
