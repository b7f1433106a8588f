-- memory_store.search_audit_request(p_request memory_store.search_request)
--     RETURNS jsonb
--
-- What a search's audit row records of its request: every parameter of the
-- search type by name, the query embedding by its dimension only
-- (embedding_dimensions), and none of the keys a search type does not have
-- (keyword: no embedding, min_similarity, embedding_model, rrf_k; semantic:
-- no query, rrf_k). The embedding is left out of the row before to_jsonb,
-- which would otherwise write all its numbers out only for them to be
-- dropped. The caller adds result_count and complete, and sanitizes what
-- needs it (memory_store.search_audited). An SQL expression without a SET
-- clause: inlined into its caller.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.search_audit_request(ROW('keyword', 'coffee', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, 'relevance', NULL)::memory_store.search_request);

CREATE OR REPLACE FUNCTION memory_store.search_audit_request(p_request memory_store.search_request)
RETURNS jsonb
LANGUAGE sql STABLE
AS $fn$
    SELECT (to_jsonb(ROW(p_request.search_type, p_request.query, NULL, p_request.memory_types,
                         p_request.session_id, p_request.user_id, p_request.source_agent, p_request.tags,
                         p_request.created_after, p_request.created_before, p_request.include_inactive,
                         p_request."limit", p_request.min_similarity, p_request.embedding_model,
                         p_request.rrf_k, p_request.rank_by, p_request.as_of)::memory_store.search_request)
            - 'embedding'
            || pg_catalog.jsonb_build_object('embedding_dimensions', extensions.vector_dims(p_request.embedding)))
           -- the parentheses matter: - binds tighter than ||
           - CASE p_request.search_type
                  WHEN 'keyword' THEN '{embedding_dimensions,min_similarity,embedding_model,rrf_k}'::text[]
                  WHEN 'semantic' THEN '{query,rrf_k}'::text[]
                  ELSE '{}'::text[] END
$fn$;

COMMENT ON FUNCTION memory_store.search_audit_request(p_request memory_store.search_request) IS 'What a search''s audit row records of its request: the search type''s parameters by name, the embedding by its dimension only.
Example: SELECT memory_store.search_audit_request(ROW(''keyword'', ''coffee'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, NULL, ''relevance'', NULL)::memory_store.search_request);';
