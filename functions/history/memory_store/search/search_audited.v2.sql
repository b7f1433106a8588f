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
-- The audit row is written here, as memory_store.audit would write it, but
-- without its look-up of a memory (a search has none) and without
-- memory_store.sanitize_request where it would change nothing: a search
-- that succeeded was validated, so its keys are the request type's, none a
-- secret's, its ids and tags at most 64 characters and its rank_by one of
-- two words. What sanitizing can still change is a query over 200
-- characters or more than 20 memory types or tags; only such a request
-- goes through it. The row is the same either way (tests/test_search_call_cost.py);
-- sanitize_request's loop over every key would be the largest single cost
-- of a search's audit row, and the next the embedding written out as JSON
-- only to be dropped, so the request is built without it.
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
    -- the request without its embedding: to_jsonb would write all 1536
    -- numbers out only for them to be dropped
    v_request jsonb := (to_jsonb(ROW(p_request.search_type, p_request.query, NULL, p_request.memory_types,
                                     p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
                                     p_request.created_after, p_request.created_before, p_request.include_inactive,
                                     p_request."limit", p_request.min_similarity, p_request.embedding_model,
                                     p_request.rrf_k, p_request.rank_by, p_request.as_of)::memory_store.search_request)
                        - 'embedding'
                        || jsonb_build_object('embedding_dimensions', extensions.vector_dims(p_request.embedding)))
        -- only the keys of the parameters the search type has (the
        -- parentheses matter: - binds tighter than ||)
        - CASE p_request.search_type
               WHEN 'keyword' THEN '{embedding_dimensions,min_similarity,embedding_model,rrf_k}'::text[]
               WHEN 'semantic' THEN '{query,rrf_k}'::text[]
               ELSE '{}'::text[] END;
    v_count bigint;
    v_row   jsonb;
BEGIN
    RETURN QUERY SELECT * FROM memory_store.search_run(p_request);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM memory_store.audit_read_commit(false);
    v_row := v_request || jsonb_build_object('result_count', v_count,
                                             'complete', current_setting('memory_store.search_complete')::boolean);
    IF length(p_request.query) > 200 OR cardinality(p_request.memory_types) > 20 OR cardinality(p_request.tags) > 20 THEN
        v_row := memory_store.sanitize_request(v_row);
    END IF;
    INSERT INTO memory_store.memory_access_logs
        (session_id, operation, request_data, success, agent_id, ip_address, login_role, user_id)
    SELECT CASE WHEN p_request.session_id IS NOT NULL
                THEN (SELECT s.session_id FROM memory_store.sessions s WHERE s.session_id = p_request.session_id) END,
           'search', v_row, true, c.agent_id, c.ip_address, c.login_role, c.user_id
      FROM memory_store.audit_context() c;
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_request.session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_audited(p_request memory_store.search_request) IS 'The body of the typed searches: memory_store.search_run and one audit row (result_count, complete); a failure audited autonomously and raised unchanged.
Example: SELECT memory_id FROM memory_store.search_audited(ROW(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, ''relevance'', NULL)::memory_store.search_request);';
