-- memory_store.search_semantic_impl(p_embedding extensions.vector,
--     p_memory_types text[] DEFAULT NULL::text[], p_session_id text DEFAULT
--     NULL::text, p_user_id text DEFAULT NULL::text, p_source_agent text
--     DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[],
--     p_created_after timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_created_before timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_include_inactive boolean DEFAULT
--     false, p_limit integer DEFAULT 10, p_min_similarity double precision
--     DEFAULT NULL::double precision, p_embedding_model text DEFAULT
--     NULL::text) RETURNS SETOF memory.search_result
--
-- Semantic search: cosine nearest neighbours. The plan is chosen by the
-- tenant's size (memory_store.search_exact_user): a user with few vectors
-- is scanned exactly, so the search never returns fewer than k while k
-- matching memories exist; otherwise the HNSW index with pgvector's
-- iterative scan. Each candidate finds its memory through the registry, one
-- partition probed (memory_store.search_vector_sql). The common search -
-- k = 10 with no filter (an agent's search of its tenant) or a small
-- tenant's user, and min_similarity - is one static statement whose plan
-- PL/pgSQL keeps; the others are planned per call for their filters.
-- score_components: semantic_similarity (= score) and semantic_rank (1 for
-- the nearest).
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   memory_store.search_semantic_impl(p_embedding, p_memory_types,
--       p_session_id, p_user_id, p_source_agent, p_tags,
--       p_created_after, p_created_before, p_include_inactive, p_limit,
--       p_min_similarity, p_embedding_model)
--   (as memory.search_semantic calls it)

CREATE OR REPLACE FUNCTION memory_store.search_semantic_impl(
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
    p_embedding_model text DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
SET hnsw.scan_mem_multiplier = 2
-- the static statement below is planned once (its two branches are gated by
-- their one-time conditions); the dynamic ones are planned per call anyway
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_fetch integer;
    v_exact text;
    v_sql text;
BEGIN
    PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    -- Without a model filter a memory may have one embedding per model: fetch
    -- twice as many rows, keep each memory's closest.
    v_fetch := CASE WHEN p_embedding_model IS NULL THEN 2 * p_limit ELSE p_limit END;
    PERFORM memory_store.search_hnsw_settings(v_fetch);
    v_exact := memory_store.search_exact_user(p_user_id);
    BEGIN
        IF coalesce(cardinality(p_memory_types), 0) = 0 AND p_session_id IS NULL AND p_source_agent IS NULL
           AND coalesce(cardinality(p_tags), 0) = 0 AND p_created_after IS NULL AND p_created_before IS NULL
           AND NOT p_include_inactive AND p_embedding_model IS NULL AND (p_user_id IS NULL OR v_exact IS NOT NULL)
           AND v_fetch = 20 THEN
            -- The common search (k = 10, so 20 candidates; no filter but a small
            -- tenant's user), one statement planned once per session, with no
            -- predicate and no LIMIT a generic plan could misjudge (a LIMIT
            -- parameter is taken for 10 % of the rows, and the HNSW index then
            -- loses to a sort): the exact scan of a small tenant or the HNSW
            -- scan of what the caller may see, whichever branch's one-time
            -- condition holds. The lookups are as in memory_store.search_vector_sql
            -- (one partition probed per candidate). The candidate scan is MATERIALIZED; the
            -- distance filter and the re-sort of the relaxed order are outside
            -- it, as pgvector's documentation advises.
            RETURN QUERY
            WITH candidates AS MATERIALIZED (
                (SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
                        me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
                        ve.embedding OPERATOR(extensions.<=>) p_embedding AS distance
                   FROM memory_store.vector_embeddings ve
                  CROSS JOIN LATERAL (SELECT r.created_at FROM memory_store.memory_registry r
                                       WHERE r.memory_id = ve.memory_id OFFSET 0) r
                  CROSS JOIN LATERAL (
                        SELECT me.* FROM memory_store.memory_entries me
                         WHERE me.memory_id = ve.memory_id AND me.created_at = r.created_at
                           AND me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())
                        OFFSET 0) me
                  WHERE v_exact IS NOT NULL AND ve.user_id = v_exact
                  ORDER BY (ve.embedding OPERATOR(extensions.<=>) p_embedding) + 0
                  LIMIT 20)
                UNION ALL
                (SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
                        me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
                        ve.embedding OPERATOR(extensions.<=>) p_embedding
                   FROM memory_store.vector_embeddings ve
                  CROSS JOIN LATERAL (SELECT r.created_at FROM memory_store.memory_registry r
                                       WHERE r.memory_id = ve.memory_id OFFSET 0) r
                  CROSS JOIN LATERAL (
                        SELECT me.* FROM memory_store.memory_entries me
                         WHERE me.memory_id = ve.memory_id AND me.created_at = r.created_at
                           AND me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())
                        OFFSET 0) me
                  WHERE v_exact IS NULL
                  ORDER BY ve.embedding OPERATOR(extensions.<=>) p_embedding
                  LIMIT 20)
            ), nearest AS (
                SELECT DISTINCT ON (c.memory_id) c.* FROM candidates c ORDER BY c.memory_id, c.distance
            )
            SELECT n.memory_id, n.session_id, n.memory_type, n.content, n.text_content, n.source_agent,
                   n.created_at, n.updated_at, n.expires_at, n.priority, n.is_active,
                   memory_store.tags_of(n.memory_id), 1 - n.distance, 1 - n.distance,
                   jsonb_build_object('semantic_similarity', 1 - n.distance,
                                      'semantic_rank', row_number() OVER (ORDER BY n.distance, n.memory_id))
              FROM nearest n
             WHERE p_min_similarity IS NULL OR 1 - n.distance >= p_min_similarity
             ORDER BY n.distance, n.memory_id
             LIMIT p_limit;
        ELSE
            v_sql := format($q$
WITH candidates AS MATERIALIZED (
    SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
           me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
           ve.embedding OPERATOR(extensions.<=>) $2 AS distance
%s
), nearest AS (
    SELECT DISTINCT ON (c.memory_id) c.* FROM candidates c ORDER BY c.memory_id, c.distance
)
SELECT n.memory_id, n.session_id, n.memory_type, n.content, n.text_content, n.source_agent,
       n.created_at, n.updated_at, n.expires_at, n.priority, n.is_active,
       memory_store.tags_of(n.memory_id) AS tags,
       1 - n.distance AS score,
       1 - n.distance AS similarity_score,
       jsonb_build_object('semantic_similarity', 1 - n.distance,
                          'semantic_rank', row_number() OVER (ORDER BY n.distance, n.memory_id)) AS score_components
  FROM nearest n
 WHERE $13 IS NULL OR 1 - n.distance >= $13
 ORDER BY n.distance, n.memory_id
 LIMIT $12$q$,
                memory_store.search_vector_sql(
                    memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                                   p_created_after, p_created_before, p_include_inactive),
                    p_embedding_model IS NOT NULL, v_exact IS NOT NULL,
                    coalesce(cardinality(p_memory_types), 0) > 0 OR coalesce(cardinality(p_tags), 0) > 0
                    OR num_nonnulls(p_session_id, p_user_id, p_source_agent, p_created_after, p_created_before) > 0));
            RETURN QUERY EXECUTE v_sql
                USING NULL::tsquery, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent,
                      p_tags, p_created_after, p_created_before, p_embedding_model, v_fetch, p_limit,
                      p_min_similarity, NULL::integer, NULL::boolean, v_exact;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
