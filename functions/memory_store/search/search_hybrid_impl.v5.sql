-- memory_store.search_hybrid_impl(p_query text, p_embedding
--     extensions.vector, p_memory_types text[] DEFAULT NULL::text[],
--     p_session_id text DEFAULT NULL::text, p_user_id text DEFAULT
--     NULL::text, p_source_agent text DEFAULT NULL::text, p_tags text[]
--     DEFAULT NULL::text[], p_created_after timestamp with time zone
--     DEFAULT NULL::timestamp with time zone, p_created_before timestamp
--     with time zone DEFAULT NULL::timestamp with time zone,
--     p_include_inactive boolean DEFAULT false, p_limit integer DEFAULT 10,
--     p_min_similarity double precision DEFAULT NULL::double precision,
--     p_embedding_model text DEFAULT NULL::text, p_rrf_k integer DEFAULT
--     60) RETURNS SETOF memory.search_result
--
-- Hybrid search: the keyword and the semantic candidates (4k of each) fused
-- by reciprocal rank fusion, score = sum over both lists of 1 / (rrf_k + rank),
-- in one static statement. The keyword list is
-- ranked any-term retrieval (memory_store.search_keyword_candidates; none
-- for a query without lexemes); the semantic list is semantic search's
-- (memory_store.search_semantic_candidates). Each hit's memory is read from
-- the one partition that holds it (memory_store.search_memory_row), under
-- the caller's row-level security. min_similarity filters the semantic list
-- only; similarity_score is given for every hit with an embedding.
-- score_components: keyword_score and keyword_rank (null when the memory is
-- not in the keyword list), semantic_similarity and semantic_rank (rank null
-- when it is not in the semantic list), rrf_k and fused (= score).
--
-- Errors:
--   22023 rrf_k must be between 1 and 10000, got %
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   memory_store.search_hybrid_impl(p_query, p_embedding,
--       p_memory_types, p_session_id, p_user_id, p_source_agent,
--       p_tags, p_created_after, p_created_before, p_include_inactive,
--       p_limit, p_min_similarity, p_embedding_model, p_rrf_k)
--   (as memory.search_hybrid calls it)

CREATE OR REPLACE FUNCTION memory_store.search_hybrid_impl(
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
    p_rrf_k integer DEFAULT 60)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tsquery tsquery := memory_store.search_tsquery(p_query);
    v_fetch integer;
BEGIN
    PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    IF memory_store.require('rrf_k', p_rrf_k) NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'rrf_k must be between 1 and 10000, got %', p_rrf_k USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_fetch := least(1000, 4 * p_limit);
    BEGIN
        RETURN QUERY
        WITH keyword AS MATERIALIZED (
            SELECT k.memory_id, k.created_at, k.score AS rank_score,
                   row_number() OVER (ORDER BY k.score DESC, k.created_at DESC, k.memory_id) AS rank
              FROM memory_store.search_keyword_candidates(v_tsquery, p_memory_types, p_session_id, p_user_id,
                                                          p_source_agent, p_tags, p_created_after, p_created_before,
                                                          p_include_inactive, v_fetch) AS k
             WHERE numnode(v_tsquery) > 0
        ), semantic AS MATERIALIZED (
            SELECT c.memory_id, c.created_at, c.distance, row_number() OVER (ORDER BY c.distance, c.memory_id) AS rank
              FROM memory_store.search_semantic_candidates(
                       p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
                       p_created_before, p_include_inactive, p_embedding_model, v_fetch) AS c
             WHERE p_min_similarity IS NULL OR 1 - c.distance >= p_min_similarity
        ), fused AS (
            SELECT u.memory_id, max(u.created_at) AS created_at,
                   sum(1.0::double precision / (p_rrf_k + u.rank)) AS score, min(u.distance) AS distance,
                   max(u.keyword_score) AS keyword_score, max(u.rank) FILTER (WHERE u.list = 'k') AS keyword_rank,
                   max(u.rank) FILTER (WHERE u.list = 's') AS semantic_rank
              FROM (SELECT memory_id, created_at, rank, NULL::double precision AS distance,
                           rank_score AS keyword_score, 'k' AS list
                      FROM keyword
                    UNION ALL
                    SELECT memory_id, created_at, rank, distance, NULL, 's' FROM semantic) u
             GROUP BY u.memory_id
             ORDER BY score DESC, min(u.distance) NULLS LAST, u.memory_id
             LIMIT p_limit
        )
        SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
               me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
               memory_store.tags_of(me.memory_id),
               f.score,
               s.similarity,
               jsonb_build_object('keyword_score', f.keyword_score, 'keyword_rank', f.keyword_rank,
                                  'semantic_similarity', s.similarity, 'semantic_rank', f.semantic_rank,
                                  'rrf_k', p_rrf_k, 'fused', f.score)
          FROM fused f
         CROSS JOIN LATERAL (
               SELECT coalesce(1 - f.distance,
                               (SELECT 1 - min(ve.embedding OPERATOR(extensions.<=>) p_embedding)
                                  FROM memory_store.vector_embeddings ve
                                 WHERE ve.memory_id = f.memory_id
                                   AND (p_embedding_model IS NULL OR ve.embedding_model = p_embedding_model)))
                      AS similarity) s
         CROSS JOIN LATERAL memory_store.search_memory_row(f.memory_id, f.created_at, true) AS me
         ORDER BY f.score DESC, f.distance NULLS LAST, me.memory_id;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
