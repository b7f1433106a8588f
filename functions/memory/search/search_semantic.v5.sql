-- memory.search_semantic(p_embedding extensions.vector, p_memory_types
--     text[] DEFAULT NULL::text[], p_session_id text DEFAULT NULL::text,
--     p_user_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_created_after
--     timestamp with time zone DEFAULT NULL::timestamp with time zone,
--     p_created_before timestamp with time zone DEFAULT NULL::timestamp
--     with time zone, p_include_inactive boolean DEFAULT false, p_limit
--     integer DEFAULT 10, p_min_similarity double precision DEFAULT
--     NULL::double precision, p_embedding_model text DEFAULT NULL::text,
--     p_rank_by text DEFAULT 'relevance'::text, p_as_of timestamp with
--     time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF
--     memory.search_result
--
-- Semantic search: the p_limit nearest memories by cosine distance (HNSW
-- index, pgvector iterative scan so filtered searches still find k),
-- similarity_score = score = 1 - cosine distance, at least
-- p_min_similarity; optional p_embedding_model. 22023 when the embedding
-- does not have 1536 dimensions.
--
-- A read-only call: when the caller's transaction has written nothing else,
-- its audit row commits without waiting for the WAL flush (docs/audit.md
-- says what a crash can lose).
--
-- Two paths, one answer: a search ranked by relevance, now, with at most 20
-- memory types and tags (the bound under which its audit row needs no
-- sanitizing) runs without the layers (memory_store.search_semantic_direct);
-- the others run through them (memory_store.search_audited), audited the
-- same way.
--
-- rank_by: 'relevance' (default: the order above) or 'blended' (relevance
-- weighted by recency and priority, memory_store.search_blend). as_of: the
-- store as it stood at that instant (memory_store.search_as_of_impl).
-- score_components says what each score was made of (docs/ranking.md);
-- current_setting('memory_store.search_complete') says afterwards whether
-- the search may have stopped short of p_limit (memory_store.search_run).
--
-- PL/pgSQL, so that its statement is planned once per session: a SECURITY
-- DEFINER SQL function is never inlined, and PostgreSQL before 18 plans its
-- body again on every call.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, 55000,
--   MO004, p_sqlstate
-- Example:
--   SELECT memory_id, similarity_score FROM memory.search_semantic($1::extensions.vector, p_user_id => 'u1', p_min_similarity => 0.7);

CREATE OR REPLACE FUNCTION memory.search_semantic(
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
    p_rank_by text DEFAULT 'relevance',
    p_as_of timestamptz DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_rank_by = 'relevance' AND p_as_of IS NULL
       AND coalesce(cardinality(p_memory_types), 0) <= 20 AND coalesce(cardinality(p_tags), 0) <= 20 THEN
        RETURN QUERY SELECT * FROM memory_store.search_semantic_direct(
            p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
            p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model);
        RETURN;
    END IF;
    RETURN QUERY SELECT * FROM memory_store.search_audited(ROW(
        'semantic', NULL, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model, NULL,
        p_rank_by, p_as_of)::memory_store.search_request);
END
$fn$;

COMMENT ON FUNCTION memory.search_semantic(p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text, p_rank_by text, p_as_of timestamp with time zone) IS 'Semantic search: the p_limit nearest memories by cosine distance (HNSW index, pgvector iterative scan so filtered searches still find k), similarity_score = score = 1 - cosine distance, at least p_min_similarity; optional p_embedding_model. 22023 when the embedding does not have 1536 dimensions. p_rank_by relevance (default) or blended (recency and priority); p_as_of searches the store as it stood then; score_components explains each score.
Example: SELECT memory_id, similarity_score FROM memory.search_semantic($1::extensions.vector, p_user_id => ''u1'', p_min_similarity => 0.7);';
