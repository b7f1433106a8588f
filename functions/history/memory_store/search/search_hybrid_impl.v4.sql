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
-- in one statement. The keyword list is ranked any-term retrieval
-- (memory_store.search_keyword_candidates); the semantic list is scanned
-- as semantic search scans it (memory_store.search_vector_sql: one
-- partition probed per candidate, exact for a tenant with few vectors). min_similarity filters the semantic list only;
-- similarity_score is given for every hit with an embedding.
-- score_components: keyword_score and keyword_rank (null when the memory is
-- not in the keyword list), semantic_similarity and semantic_rank (rank null
-- when it is not in the semantic list), rrf_k and fused (= score).
--
-- Errors:
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
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
SET hnsw.scan_mem_multiplier = 2
AS $fn$
DECLARE
    v_tsquery tsquery := memory_store.search_tsquery(p_query);
    v_fetch integer;
    v_filter text;
    v_exact text;
    v_sql text;
BEGIN
    PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    IF memory_store.require('rrf_k', p_rrf_k) NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'rrf_k must be between 1 and 10000, got %', p_rrf_k USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_fetch := least(1000, 4 * p_limit);
    v_exact := memory_store.search_exact_user(p_user_id);
    PERFORM memory_store.search_hnsw_settings(v_fetch);
    v_filter := memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                               p_created_after, p_created_before, p_include_inactive);
    v_sql := format($q$
WITH keyword AS MATERIALIZED (
    %1$s
), semantic AS MATERIALIZED (
    SELECT ve.memory_id, ve.embedding OPERATOR(extensions.<=>) $2 AS distance
%2$s
), keyword_ranked AS (
    SELECT k.memory_id, k.rank_score,
           row_number() OVER (ORDER BY k.rank_score DESC, k.created_at DESC, k.memory_id) AS rank
      FROM keyword k
), semantic_ranked AS (
    SELECT d.memory_id, d.distance, row_number() OVER (ORDER BY d.distance, d.memory_id) AS rank
      FROM (SELECT DISTINCT ON (s.memory_id) s.memory_id, s.distance
              FROM semantic s ORDER BY s.memory_id, s.distance) d
     WHERE $13 IS NULL OR 1 - d.distance >= $13
), fused AS (
    SELECT u.memory_id, sum(1.0::double precision / ($14 + u.rank)) AS score, min(u.distance) AS distance,
           max(u.keyword_score) AS keyword_score, max(u.rank) FILTER (WHERE u.list = 'k') AS keyword_rank,
           max(u.rank) FILTER (WHERE u.list = 's') AS semantic_rank
      FROM (SELECT memory_id, rank, NULL::double precision AS distance, rank_score AS keyword_score, 'k' AS list
              FROM keyword_ranked
            UNION ALL
            SELECT memory_id, rank, distance, NULL, 's' FROM semantic_ranked) u
     GROUP BY u.memory_id
     ORDER BY score DESC, min(u.distance) NULLS LAST, u.memory_id
     LIMIT $12
)
SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
       me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
       memory_store.tags_of(me.memory_id) AS tags,
       f.score,
       s.similarity AS similarity_score,
       jsonb_build_object('keyword_score', f.keyword_score, 'keyword_rank', f.keyword_rank,
                          'semantic_similarity', s.similarity, 'semantic_rank', f.semantic_rank,
                          'rrf_k', $14, 'fused', f.score) AS score_components
  FROM fused f
 CROSS JOIN LATERAL (
       SELECT coalesce(1 - f.distance,
                       (SELECT 1 - min(ve.embedding OPERATOR(extensions.<=>) $2)
                          FROM memory_store.vector_embeddings ve
                         WHERE ve.memory_id = f.memory_id%4$s)) AS similarity) s
 CROSS JOIN LATERAL (SELECT r.created_at FROM memory_store.memory_registry r
                      WHERE r.memory_id = f.memory_id OFFSET 0) r
 CROSS JOIN LATERAL (
       SELECT me.* FROM memory_store.memory_entries me
        WHERE me.memory_id = f.memory_id AND me.created_at = r.created_at
       OFFSET 0) me
 ORDER BY f.score DESC, f.distance NULLS LAST, me.memory_id$q$,
        -- keyword candidates: see search_keyword_candidates (row-level security
        -- and the GIN index); none for a query without lexemes
        CASE WHEN numnode(v_tsquery) = 0
             THEN 'SELECT NULL::varchar(64) AS memory_id, NULL::timestamptz AS created_at, '
                  'NULL::double precision AS rank_score WHERE false'
             ELSE 'SELECT k.memory_id, k.created_at, k.score AS rank_score '
                  'FROM memory_store.search_keyword_candidates($1, $3, $4, $5, $6, $7, $8, $9, $15, $11) AS k' END,
        memory_store.search_vector_sql(v_filter, p_embedding_model IS NOT NULL, v_exact IS NOT NULL,
                                       coalesce(cardinality(p_memory_types), 0) > 0 OR coalesce(cardinality(p_tags), 0) > 0
                                       OR num_nonnulls(p_session_id, p_user_id, p_source_agent, p_created_after, p_created_before) > 0),
        NULL,
        CASE WHEN p_embedding_model IS NOT NULL THEN ' AND ve.embedding_model = $10' ELSE '' END);
    BEGIN
        RETURN QUERY EXECUTE v_sql
            USING v_tsquery, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent,
                  p_tags, p_created_after, p_created_before, p_embedding_model, v_fetch, p_limit,
                  p_min_similarity, p_rrf_k, p_include_inactive, v_exact;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
