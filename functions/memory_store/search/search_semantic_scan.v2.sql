-- memory_store.search_semantic_scan(p_branch text, p_scope text, p_embedding
--     extensions.vector, p_include_inactive boolean, p_memory_types text[],
--     p_session_id text, p_user_id text, p_source_agent text, p_tags text[],
--     p_created_after timestamp with time zone, p_created_before timestamp
--     with time zone, p_embedding_model text, p_rows integer) RETURNS SETOF
--     memory_store.search_candidate
--
-- The candidate scan of a semantic search: the p_rows nearest embeddings
-- that pass the filters, with their memory's created_at, by one of three
-- branches:
--   'user'     the vectors of user p_scope, sorted (an exact scan of a small
--              tenant, memory_store.search_exact_user)
--   'session'  the vectors of session p_scope, sorted (an exact scan of a
--              small session)
--   'hnsw'     the HNSW index, with the caller's pgvector settings
--              (memory_store.search_hnsw_settings)
-- Every filter is a column of vector_embeddings itself
-- (memory_store.search_embedding_filter); tags, the one filter not carried,
-- are checked per row. The exact branches share one select, which sorts the
-- distances of a subquery behind a fence (OFFSET 0): the sort is on a
-- column, which no index offers, so it sorts rather than walks the graph,
-- and each row's distance is computed once (detoasting its vector once),
-- where an expression no index has (the distance + 0) computed it twice,
-- once for the row and once for the sort. A memory may have one embedding
-- per model: the rows are embeddings.
--
-- One SQL statement without a SET clause, so the planner inlines it into the
-- calling statement; called with p_branch a constant, the planner folds the
-- conditions on it and keeps only that branch (the exact select's condition
-- becomes the one on p_scope's column, which its index answers). Why: a generic plan starts every branch of a statement
-- whether it runs or not, and the three branches of one statement cost
-- every search the start of two it did not run. The caller validates, plans
-- it generic with sorts priced out (so that the HNSW branch walks the index)
-- and re-sorts the relaxed order of the HNSW branch.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_id, distance FROM memory_store.search_semantic_scan('user', 'u1', $1::extensions.vector,
--       false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 20);

CREATE OR REPLACE FUNCTION memory_store.search_semantic_scan(
    p_branch text,
    p_scope text,
    p_embedding extensions.vector,
    p_include_inactive boolean,
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_embedding_model text,
    p_rows integer)
RETURNS SETOF memory_store.search_candidate
LANGUAGE sql STABLE
AS $fn$
    (SELECT x.memory_id, x.memory_created_at, x.distance
       FROM (SELECT ve.memory_id, ve.memory_created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding AS distance
               FROM memory_store.vector_embeddings ve
              WHERE ((p_branch = 'user' AND ve.user_id = p_scope) OR (p_branch = 'session' AND ve.session_id = p_scope))
                AND memory_store.search_embedding_filter(ve, p_include_inactive, p_memory_types, p_session_id,
                                                         p_user_id, p_source_agent, p_created_after, p_created_before,
                                                         p_embedding_model)
                AND (p_tags IS NULL OR memory_store.tags_of(ve.memory_id) @> p_tags)
             OFFSET 0) AS x
      ORDER BY x.distance
      LIMIT p_rows)
    UNION ALL
    (SELECT ve.memory_id, ve.memory_created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding
       FROM memory_store.vector_embeddings ve
      WHERE p_branch = 'hnsw'
        AND memory_store.search_embedding_filter(ve, p_include_inactive, p_memory_types, p_session_id, p_user_id,
                                                 p_source_agent, p_created_after, p_created_before, p_embedding_model)
        AND (p_tags IS NULL OR memory_store.tags_of(ve.memory_id) @> p_tags)
      ORDER BY ve.embedding OPERATOR(extensions.<=>) p_embedding
      LIMIT p_rows)
$fn$;

COMMENT ON FUNCTION memory_store.search_semantic_scan(p_branch text, p_scope text, p_embedding extensions.vector, p_include_inactive boolean, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_embedding_model text, p_rows integer) IS 'The candidate scan of a semantic search, branch user (p_scope''s vectors sorted), session (likewise) or hnsw (the HNSW index): the p_rows nearest embeddings passing the filters, with their memory''s created_at. Inlined into the calling statement; a constant p_branch leaves the plan that branch alone.
Example: SELECT memory_id, distance FROM memory_store.search_semantic_scan(''user'', ''u1'', $1::extensions.vector, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 20);';
