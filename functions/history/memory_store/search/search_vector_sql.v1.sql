-- memory_store.search_vector_sql(p_filter text, p_model boolean, p_exact
--     boolean, p_selective boolean) RETURNS text
--
-- The FROM ... LIMIT part of a semantic candidate scan, for the dynamic
-- statements of semantic and hybrid search (parameters as in
-- search_filter_sql: $2 the query vector, $10 the model, $11 the rows to
-- fetch, $16 the user of an exact scan).
--   p_selective false (visibility is the only filter): each embedding finds
--     its memory's created_at in the registry, and that prunes
--     memory_entries at run time to the one partition that holds it (one
--     index probe, not one per monthly partition). Both lookups are LATERAL
--     subqueries kept apart (OFFSET 0): joined flat, the planner took the
--     two-column join (memory_id, created_at) for one row in all and sorted
--     the whole table instead of walking the index; and with the registry
--     in the same subquery it keyed the partitions by memory_id alone
--     (memory_id = the embedding's, through the join's equivalence), which
--     probes every partition.
--   p_selective true (a session, types, tags, a time range, a source agent
--     or a user filter): a flat join on memory_id, so that the planner can
--     start from the filter's own index when it matches few memories (one
--     session: the session's rows, exactly) and walk the HNSW index when it
--     matches many.
--   p_exact: the scan is confined to the user $16 and ordered exactly (an
--     expression no index has), for a tenant whose vectors are few
--     (memory_store.search_exact_user); else the HNSW index orders it,
--     pgvector's iterative scan going on until $11 rows pass the filters.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.search_vector_sql('true', false, false, false);

CREATE OR REPLACE FUNCTION memory_store.search_vector_sql(p_filter text, p_model boolean, p_exact boolean,
                                                          p_selective boolean)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT concat_ws(E'\n',
        '      FROM memory_store.vector_embeddings ve',
        CASE WHEN p_selective
             THEN E'      JOIN memory_store.memory_entries me ON me.memory_id = ve.memory_id\n     WHERE ' || p_filter
             ELSE concat_ws(E'\n',
                 '     CROSS JOIN LATERAL (SELECT r.created_at FROM memory_store.memory_registry r',
                 '                          WHERE r.memory_id = ve.memory_id OFFSET 0) r',
                 '     CROSS JOIN LATERAL (',
                 '           SELECT me.* FROM memory_store.memory_entries me',
                 '            WHERE me.memory_id = ve.memory_id AND me.created_at = r.created_at AND ' || p_filter,
                 '           OFFSET 0) me',
                 '     WHERE true') END
            || CASE WHEN p_model THEN E'\n       AND ve.embedding_model = $10' ELSE '' END
            || CASE WHEN p_exact THEN E'\n       AND ve.user_id = $16' ELSE '' END,
        CASE WHEN p_exact THEN '     ORDER BY (ve.embedding OPERATOR(extensions.<=>) $2) + 0'
             ELSE '     ORDER BY ve.embedding OPERATOR(extensions.<=>) $2' END,
        '     LIMIT $11')
$fn$;

COMMENT ON FUNCTION memory_store.search_vector_sql(p_filter text, p_model boolean, p_exact boolean, p_selective boolean) IS 'FROM ... LIMIT of a semantic candidate scan: without selective filters each candidate''s memory is looked up through the registry (one partition probed, a LATERAL subquery); with them a flat join the planner can start from the filter''s index; HNSW-ordered, or exact within user $16 when p_exact.
Example: SELECT memory_store.search_vector_sql(''true'', false, false, false);'
;
