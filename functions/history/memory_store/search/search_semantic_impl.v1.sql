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
-- Semantic search: cosine nearest neighbours through the HNSW index.
--
-- Errors:
--   22023 min_similarity must be between -1 and 1, got %
--   through the functions it calls: 39004, 54000, MO004, p_sqlstate
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
AS $fn$
DECLARE
    v_fetch integer;
    v_sql text;
BEGIN
    PERFORM memory_store.check_embedding(memory_store.require('embedding', p_embedding));
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    PERFORM memory_store.check_id('embedding_model', p_embedding_model);
    IF p_min_similarity = 'NaN' OR p_min_similarity NOT BETWEEN -1 AND 1 THEN
        RAISE EXCEPTION 'min_similarity must be between -1 and 1, got %', p_min_similarity
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Without a model filter a memory may have one embedding per model: fetch
    -- twice as many rows, keep each memory's closest.
    v_fetch := CASE WHEN p_embedding_model IS NULL THEN 2 * p_limit ELSE p_limit END;
    PERFORM memory_store.search_hnsw_settings(v_fetch);
    -- The candidate scan orders by the HNSW operator with the filters in the
    -- same query (pgvector 0.8 iterative scan keeps going until $11 rows pass
    -- them); it is MATERIALIZED, and the distance filter and the re-sort of
    -- the relaxed order are outside it, as pgvector's documentation advises.
    v_sql := format($q$
WITH candidates AS MATERIALIZED (
    SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
           me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
           ve.embedding OPERATOR(extensions.<=>) $2 AS distance
      FROM memory_store.vector_embeddings ve
      JOIN memory_store.memory_entries me ON me.memory_id = ve.memory_id
     WHERE %s%s
     ORDER BY ve.embedding OPERATOR(extensions.<=>) $2
     LIMIT $11
), nearest AS (
    SELECT DISTINCT ON (c.memory_id) c.* FROM candidates c ORDER BY c.memory_id, c.distance
)
SELECT n.memory_id, n.session_id, n.memory_type, n.content, n.text_content, n.source_agent,
       n.created_at, n.updated_at, n.expires_at, n.priority, n.is_active,
       memory_store.tags_of(n.memory_id) AS tags,
       1 - n.distance AS score,
       1 - n.distance AS similarity_score
  FROM nearest n
 WHERE $13 IS NULL OR 1 - n.distance >= $13
 ORDER BY n.distance, n.memory_id
 LIMIT $12$q$,
        memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                       p_created_after, p_created_before, p_include_inactive),
        CASE WHEN p_embedding_model IS NOT NULL THEN E'\n       AND ve.embedding_model = $10' ELSE '' END);
    BEGIN
        RETURN QUERY EXECUTE v_sql
            USING NULL::tsquery, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent,
                  p_tags, p_created_after, p_created_before, p_embedding_model, v_fetch, p_limit,
                  p_min_similarity, NULL::integer;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
