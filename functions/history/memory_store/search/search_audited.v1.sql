-- memory_store.search_audited(p_request memory_store.search_request) RETURNS
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
--   SELECT memory_id FROM memory_store.search_audited(ROW('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, 'relevance', NULL)::memory_store.search_request);

CREATE OR REPLACE FUNCTION memory_store.search_audited(
    p_request memory_store.search_request)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := to_jsonb(p_request) - 'embedding'
        || jsonb_build_object('embedding_dimensions', extensions.vector_dims(p_request.embedding))
        -- the keys of the parameters the search type has
        - CASE p_request.search_type
               WHEN 'keyword' THEN '{embedding_dimensions,min_similarity,embedding_model,rrf_k}'::text[]
               WHEN 'semantic' THEN '{query,rrf_k}'::text[]
               ELSE '{}'::text[] END;
    v_count bigint;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_run(p_request);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit_read_commit(false);
    PERFORM memory_store.audit('search', NULL, p_request.session_id,
                               v_request || jsonb_build_object('result_count', v_count,
                                                               'complete', current_setting('memory_store.search_complete')::boolean),
                               true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_request.session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_audited(p_request memory_store.search_request) IS 'The body of the typed searches: memory_store.search_run and one audit row (result_count, complete); a failure audited autonomously and raised unchanged.
Example: SELECT memory_id FROM memory_store.search_audited(ROW(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, ''relevance'', NULL)::memory_store.search_request);';
