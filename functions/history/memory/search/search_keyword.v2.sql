-- memory.search_keyword(p_query text, p_memory_types text[] DEFAULT
--     NULL::text[], p_session_id text DEFAULT NULL::text, p_user_id text
--     DEFAULT NULL::text, p_source_agent text DEFAULT NULL::text, p_tags
--     text[] DEFAULT NULL::text[], p_created_after timestamp with time zone
--     DEFAULT NULL::timestamp with time zone, p_created_before timestamp
--     with time zone DEFAULT NULL::timestamp with time zone,
--     p_include_inactive boolean DEFAULT false, p_limit integer DEFAULT 10)
--     RETURNS SETOF memory.search_result
--
-- Keyword search, ranked retrieval: any of the query's words or quoted
-- phrases, none of its -negated ones; memories that hold more of its terms
-- rank first (memory_store.search_keyword_candidates). At most 32 distinct
-- terms after normalisation (54000 before any row is read).
--
-- The typed search API: memory.search_keyword, memory.search_semantic,
-- memory.search_hybrid. Same filters and the same result row
-- (memory.search_result) for all three; each call leaves exactly one audit
-- row (operation 'search', memory_id NULL, session_id = the session filter
-- when it names an existing session).
--
-- A read-only call: when the caller's transaction has written nothing else,
-- its audit row commits without waiting for the WAL flush
-- (memory_store.audit_read_commit; docs/audit.md says what a crash can lose).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, 55000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id, score FROM memory.search_keyword('"oat milk" coffee -decaf', p_user_id => 'u1', p_limit => 5);

CREATE OR REPLACE FUNCTION memory.search_keyword(
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
    PERFORM memory_store.audit_read_commit(false);
    PERFORM memory_store.audit('search', NULL, p_session_id, v_request || jsonb_build_object('result_count', v_count), true);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.search_keyword(p_query text, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer) IS 'Keyword search, ranked retrieval: a memory matches when it holds any of the query''s words or quoted phrases and none of its -negated ones (websearch syntax: "quotes" match the whole phrase, or, -not; english stemming and stop words); score = ts_rank over all the query''s terms, so memories that hold more of them rank first (similarity_score NULL). At most 32 distinct terms after normalisation (54000); at most 500 memories holding all terms and the 500 most recent holding any are ranked. Any string is accepted: one without searchable words returns no rows. Filters as in batch read; expired and soft-deleted memories only with p_include_inactive.
Example: SELECT memory_id, score FROM memory.search_keyword(''"oat milk" coffee -decaf'', p_user_id => ''u1'', p_limit => 5);';
