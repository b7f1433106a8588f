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
-- Semantic search: cosine nearest neighbours. The candidates come from
-- memory_store.search_semantic_candidates (every filter on vector_embeddings'
-- own columns: an exact scan of a small tenant or session, else the HNSW
-- index with pgvector's iterative scan, ef_search by the graph's size);
-- each candidate's memory is then read from the one partition that holds it
-- (memory_store.search_memory_row), under the caller's row-level security.
-- One static statement, planned once per session. score_components: semantic_similarity (= score) and
-- semantic_rank (1 for the nearest).
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
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
    PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    BEGIN
        RETURN QUERY
        SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
               me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
               memory_store.tags_of(me.memory_id), 1 - c.distance, 1 - c.distance,
               jsonb_build_object('semantic_similarity', 1 - c.distance,
                                  'semantic_rank', row_number() OVER (ORDER BY c.distance, c.memory_id))
          FROM memory_store.search_semantic_candidates(
                   p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
                   p_created_before, p_include_inactive, p_embedding_model, p_limit) AS c
         CROSS JOIN LATERAL memory_store.search_memory_row(c.memory_id, c.created_at, p_include_inactive) AS me
         WHERE p_min_similarity IS NULL OR 1 - c.distance >= p_min_similarity
         ORDER BY c.distance, c.memory_id
         LIMIT p_limit;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
