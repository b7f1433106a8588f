-- memory_store.search_as_of_impl(p_request memory_store.search_request)
--     RETURNS SETOF memory.search_result
--
-- Keyword, semantic or hybrid search over the store as it stood at p_as_of:
-- each memory in the version valid then (memory_store.memories_as_of: a
-- memory created later is absent, one deleted since is there as it was),
-- its tags then, and for semantic the embedding current then
-- (memory_store.embeddings_as_of). The filters apply to that state (active
-- and not expired at p_as_of unless p_include_inactive; tags then), the
-- scores are those of the current searches (ts_rank over the query's units
-- of ranked any-term retrieval, cosine similarity, reciprocal rank fusion
-- of the best least(1000, 4 * limit) of each list), and score_components as
-- theirs. updated_at is the instant the version became valid. Semantic
-- search finds its candidates as the current one does (the HNSW index over
-- the embeddings current then, exact for a small tenant) plus the kept
-- embeddings valid then; keyword and hybrid scan the caller's memories as
-- of then (no index holds past versions): their cost grows with the tenant
-- (docs/benchmarks.md).
--
-- Errors:
--   22023 rrf_k must be between 1 and 10000, got %
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id, score FROM memory_store.search_as_of_impl(ROW('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, 'relevance', now() - interval '1 day')::memory_store.search_request);

CREATE OR REPLACE FUNCTION memory_store.search_as_of_impl(
    p_request memory_store.search_request)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
SET hnsw.scan_mem_multiplier = 2
-- the candidate scan's LIMIT is known when it is planned (a generic plan
-- takes a LIMIT parameter for 10 % of the rows and loses the HNSW index)
SET plan_cache_mode = force_custom_plan
AS $fn$
DECLARE
    v_keyword  boolean := p_request.search_type IN ('keyword', 'hybrid');
    v_semantic boolean := p_request.search_type IN ('semantic', 'hybrid');
    v_match    tsquery;
    v_rank     tsquery;
    v_list     integer;
    v_exact    text;
    v_fetch    integer;
BEGIN
    IF v_keyword THEN
        SELECT q.match_query, q.rank_query INTO v_match, v_rank
          FROM memory_store.search_any_term(memory_store.search_tsquery(p_request.query)) AS q;
    END IF;
    IF v_semantic THEN
        PERFORM memory_store.search_check_semantic(p_request.embedding, p_request.embedding_model, p_request.min_similarity);
    END IF;
    PERFORM memory_store.search_check_filters(p_request.memory_types, p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
                                              p_request.created_after, p_request.created_before, p_request.include_inactive, p_request."limit");
    IF p_request.search_type = 'hybrid' AND memory_store.require('rrf_k', p_request.rrf_k) NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'rrf_k must be between 1 and 10000, got %', p_request.rrf_k USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_list := CASE WHEN p_request.search_type = 'hybrid' THEN least(1000, 4 * p_request."limit") ELSE p_request."limit" END;
    IF p_request.search_type = 'semantic' THEN
        -- Candidates through the HNSW index as semantic search finds them
        -- (exactly for a tenant with few vectors): the current embeddings
        -- that were current at p_request.as_of, and the kept ones valid then (few:
        -- those replaced or deleted since); then each candidate's state then,
        -- filtered. The state filters apply after the candidate limit, so
        -- filters fetch a wider pool (10k); an exact scan fetches all.
        v_exact := memory_store.search_exact_user(p_request.user_id);
        v_fetch := CASE WHEN v_exact IS NOT NULL THEN NULL
                        WHEN coalesce(cardinality(p_request.memory_types), 0) = 0 AND coalesce(cardinality(p_request.tags), 0) = 0
                             AND num_nonnulls(p_request.session_id, p_request.user_id, p_request.source_agent, p_request.created_after,
                                              p_request.created_before) = 0
                        THEN 2 * p_request."limit" ELSE least(1000, 10 * p_request."limit") END;
        PERFORM memory_store.search_hnsw_settings(coalesce(v_fetch, 1));
        BEGIN
            RETURN QUERY
            WITH candidates AS MATERIALIZED (
                (SELECT ve.memory_id, ve.embedding OPERATOR(extensions.<=>) p_request.embedding AS distance
                   FROM memory_store.vector_embeddings ve
                  WHERE ve.created_at <= p_request.as_of
                    AND (p_request.embedding_model IS NULL OR ve.embedding_model = p_request.embedding_model)
                    AND (v_exact IS NULL OR ve.user_id = v_exact)
                    AND NOT EXISTS (SELECT 1 FROM memory_store.embedding_versions k
                                     WHERE k.memory_id = ve.memory_id AND k.embedding_model = ve.embedding_model
                                       AND k.valid_to > p_request.as_of AND k.valid_from <= p_request.as_of)
                  ORDER BY ve.embedding OPERATOR(extensions.<=>) p_request.embedding
                  LIMIT v_fetch)
                UNION ALL
                (SELECT k.memory_id, k.embedding OPERATOR(extensions.<=>) p_request.embedding
                   FROM memory_store.embedding_versions k
                  WHERE k.valid_to > p_request.as_of AND k.valid_from <= p_request.as_of
                    AND (p_request.embedding_model IS NULL OR k.embedding_model = p_request.embedding_model)
                  ORDER BY 2
                  LIMIT v_fetch)
            ), nearest AS (
                SELECT DISTINCT ON (c.memory_id) c.memory_id, c.distance
                  FROM candidates c ORDER BY c.memory_id, c.distance
            ), hits AS (
                SELECT m.memory_id, m.session_id, m.memory_type, m.content, m.text_content, m.source_agent,
                       m.created_at, m.valid_from, m.expires_at, m.priority, m.is_active, m.tags, n.distance
                  FROM nearest n
                 CROSS JOIN LATERAL (SELECT r.created_at FROM memory_store.memory_registry r
                                      WHERE r.memory_id = n.memory_id OFFSET 0) r
                 CROSS JOIN LATERAL (
                       SELECT m.* FROM memory_store.memories_as_of(p_request.as_of) AS m
                        WHERE m.memory_id = n.memory_id AND m.created_at = r.created_at
                          AND memory_store.search_as_of_matches(p_request, m.memory_type, m.session_id, m.source_agent,
                                                                m.tags, m.created_at, m.is_active, m.expires_at)
                       OFFSET 0) m
                 WHERE p_request.min_similarity IS NULL OR 1 - n.distance >= p_request.min_similarity
                 ORDER BY n.distance, n.memory_id
                 LIMIT p_request."limit"
            )
            SELECT h.memory_id::varchar(64), h.session_id::varchar(64), h.memory_type::varchar(32), h.content,
                   h.text_content, h.source_agent::varchar(64), h.created_at, h.valid_from, h.expires_at, h.priority,
                   h.is_active, h.tags, 1 - h.distance, 1 - h.distance,
                   jsonb_build_object('semantic_similarity', 1 - h.distance,
                                      'semantic_rank', row_number() OVER (ORDER BY h.distance, h.memory_id),
                                      'as_of', p_request.as_of)
              FROM hits h
             ORDER BY h.distance, h.memory_id;
        EXCEPTION WHEN OTHERS THEN
            PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
        END;
        RETURN;
    END IF;
    BEGIN
        RETURN QUERY
        WITH state AS MATERIALIZED (
            SELECT m.memory_id, m.session_id, m.memory_type, m.content, m.text_content, m.source_agent,
                   m.created_at, m.valid_from, m.expires_at, m.priority, m.is_active
              FROM memory_store.memories_as_of(p_request.as_of) AS m
             WHERE memory_store.search_as_of_matches(p_request, m.memory_type, m.session_id, m.source_agent, m.tags,
                                                     m.created_at, m.is_active, m.expires_at)
        ), keyword AS (
            SELECT k.memory_id, k.keyword_score,
                   row_number() OVER (ORDER BY k.keyword_score DESC, k.created_at DESC, k.memory_id) AS keyword_rank
              FROM (SELECT st.memory_id, st.created_at,
                           ts_rank(to_tsvector('english'::regconfig, st.text_content), v_rank)::double precision
                               AS keyword_score
                      FROM state st
                     WHERE v_match IS NOT NULL
                       AND to_tsvector('english'::regconfig, st.text_content) @@ v_match) k
             ORDER BY keyword_rank
             LIMIT v_list
        ), distances AS MATERIALIZED (
            SELECT DISTINCT ON (e.memory_id) e.memory_id, e.embedding OPERATOR(extensions.<=>) p_request.embedding AS distance
              FROM memory_store.embeddings_as_of(p_request.as_of) AS e
              JOIN state st ON st.memory_id = e.memory_id
             WHERE v_semantic AND (p_request.embedding_model IS NULL OR e.embedding_model = p_request.embedding_model)
             ORDER BY e.memory_id, distance
        ), semantic AS (
            SELECT d.memory_id, row_number() OVER (ORDER BY d.distance, d.memory_id) AS semantic_rank
              FROM distances d
             WHERE p_request.min_similarity IS NULL OR 1 - d.distance >= p_request.min_similarity
             ORDER BY semantic_rank
             LIMIT v_list
        ), fused AS (
            SELECT coalesce(k.memory_id, s.memory_id) AS memory_id, k.keyword_score, k.keyword_rank, s.semantic_rank,
                   CASE p_request.search_type
                        WHEN 'keyword' THEN k.keyword_score
                        WHEN 'semantic' THEN 1 - d.distance
                        ELSE coalesce(1.0::double precision / (p_request.rrf_k + k.keyword_rank), 0)
                             + coalesce(1.0::double precision / (p_request.rrf_k + s.semantic_rank), 0) END AS score,
                   1 - d.distance AS similarity
              FROM keyword k
              FULL JOIN semantic s ON s.memory_id = k.memory_id
              LEFT JOIN distances d ON d.memory_id = coalesce(k.memory_id, s.memory_id)
        ), top AS (
            SELECT st.*, f.score, f.similarity, f.keyword_score, f.keyword_rank, f.semantic_rank
              FROM fused f
              JOIN state st ON st.memory_id = f.memory_id
             ORDER BY f.score DESC, f.similarity DESC NULLS LAST,
                      CASE WHEN p_request.search_type = 'keyword' THEN st.created_at END DESC, st.memory_id
             LIMIT p_request."limit"
        )
        SELECT t.memory_id::varchar(64), t.session_id::varchar(64), t.memory_type::varchar(32), t.content,
               t.text_content, t.source_agent::varchar(64), t.created_at, t.valid_from, t.expires_at, t.priority,
               t.is_active,
               -- the tags then of the few rows returned only
               (SELECT m.tags FROM memory_store.memories_as_of(p_request.as_of) AS m WHERE m.memory_id = t.memory_id),
               t.score,
               t.similarity,
               CASE p_request.search_type
                    WHEN 'keyword' THEN jsonb_build_object('keyword_score', t.keyword_score, 'keyword_rank', t.keyword_rank)
                    WHEN 'semantic' THEN jsonb_build_object('semantic_similarity', t.similarity,
                                                            'semantic_rank', t.semantic_rank)
                    ELSE jsonb_build_object('keyword_score', t.keyword_score, 'keyword_rank', t.keyword_rank,
                                            'semantic_similarity', t.similarity, 'semantic_rank', t.semantic_rank,
                                            'rrf_k', p_request.rrf_k, 'fused', t.score) END
                   || jsonb_build_object('as_of', p_request.as_of)
          FROM top t
         ORDER BY t.score DESC, t.similarity DESC NULLS LAST,
                  CASE WHEN p_request.search_type = 'keyword' THEN t.created_at END DESC, t.memory_id;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
