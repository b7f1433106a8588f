-- memory.search_keyword(p_query text, p_memory_types text[] DEFAULT
--     NULL::text[], p_session_id text DEFAULT NULL::text, p_user_id text
--     DEFAULT NULL::text, p_source_agent text DEFAULT NULL::text, p_tags
--     text[] DEFAULT NULL::text[], p_created_after timestamp with time
--     zone DEFAULT NULL::timestamp with time zone, p_created_before
--     timestamp with time zone DEFAULT NULL::timestamp with time zone,
--     p_include_inactive boolean DEFAULT false, p_limit integer DEFAULT
--     10, p_rank_by text DEFAULT 'relevance'::text, p_as_of timestamp with
--     time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF
--     memory.search_result
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
-- (memory_store.search_audited; docs/audit.md says what a crash can lose).
--
-- rank_by: 'relevance' (default: the order above) or 'blended' (relevance
-- weighted by recency and priority, memory_store.search_blend). as_of: the
-- store as it stood at that instant (memory_store.search_as_of_impl).
-- score_components says what each score was made of (docs/ranking.md);
-- current_setting('memory_store.search_complete') says afterwards whether
-- the search may have stopped short of p_limit (memory_store.search_run).
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, 55000,
--   MO004, p_sqlstate
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
    p_limit integer DEFAULT 10,
    p_rank_by text DEFAULT 'relevance',
    p_as_of timestamptz DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM memory_store.search_audited(ROW(
        'keyword', p_query, NULL, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, NULL, NULL, NULL, p_rank_by, p_as_of)::memory_store.search_request)
$fn$;

COMMENT ON FUNCTION memory.search_keyword(p_query text, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_rank_by text, p_as_of timestamp with time zone) IS 'Keyword search, ranked retrieval: a memory matches when it holds any of the query''s words or quoted phrases and none of its -negated ones (websearch syntax: "quotes" match the whole phrase, or, -not; english stemming and stop words); score = ts_rank over all the query''s terms, so memories that hold more of them rank first (similarity_score NULL). At most 32 distinct terms after normalisation (54000); at most 500 memories holding all terms and the 500 most recent holding any are ranked. Any string is accepted: one without searchable words returns no rows. Filters as in batch read; expired and soft-deleted memories only with p_include_inactive. p_rank_by relevance (default) or blended (recency and priority); p_as_of searches the store as it stood then; score_components explains each score.
Example: SELECT memory_id, score FROM memory.search_keyword(''"oat milk" coffee -decaf'', p_user_id => ''u1'', p_limit => 5);';
