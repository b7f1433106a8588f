-- memory.search_hybrid(p_query text, p_embedding extensions.vector,
--     p_memory_types text[] DEFAULT NULL::text[], p_session_id text
--     DEFAULT NULL::text, p_user_id text DEFAULT NULL::text,
--     p_source_agent text DEFAULT NULL::text, p_tags text[] DEFAULT
--     NULL::text[], p_created_after timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_created_before timestamp with time
--     zone DEFAULT NULL::timestamp with time zone, p_include_inactive
--     boolean DEFAULT false, p_limit integer DEFAULT 10, p_min_similarity
--     double precision DEFAULT NULL::double precision, p_embedding_model
--     text DEFAULT NULL::text, p_rrf_k integer DEFAULT 60, p_rank_by text
--     DEFAULT 'relevance'::text, p_as_of timestamp with time zone DEFAULT
--     NULL::timestamp with time zone) RETURNS SETOF memory.search_result
--
-- Hybrid search: the top 4*p_limit keyword hits and the top 4*p_limit
-- semantic hits fused by reciprocal rank fusion, score = sum of 1 /
-- (p_rrf_k + rank) over the lists a memory is in; similarity_score for
-- every hit that has an embedding. p_min_similarity filters the semantic
-- list.
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
--   SELECT memory_id, score FROM memory.search_hybrid('coffee order', $1::extensions.vector, p_user_id => 'u1');

CREATE OR REPLACE FUNCTION memory.search_hybrid(
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
    p_rrf_k integer DEFAULT 60,
    p_rank_by text DEFAULT 'relevance',
    p_as_of timestamptz DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM memory_store.search_audited(ROW(
        'hybrid', p_query, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model, p_rrf_k,
        p_rank_by, p_as_of)::memory_store.search_request)
$fn$;

COMMENT ON FUNCTION memory.search_hybrid(p_query text, p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text, p_rrf_k integer, p_rank_by text, p_as_of timestamp with time zone) IS 'Hybrid search: the top 4*p_limit keyword hits and the top 4*p_limit semantic hits fused by reciprocal rank fusion, score = sum of 1 / (p_rrf_k + rank) over the lists a memory is in; similarity_score for every hit that has an embedding. p_min_similarity filters the semantic list. p_rank_by relevance (default) or blended (recency and priority); p_as_of searches the store as it stood then; score_components explains each score.
Example: SELECT memory_id, score FROM memory.search_hybrid(''coffee order'', $1::extensions.vector, p_user_id => ''u1'');';
