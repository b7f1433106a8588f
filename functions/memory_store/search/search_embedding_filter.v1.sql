-- memory_store.search_embedding_filter(p_row memory_store.vector_embeddings,
--     p_include_inactive boolean, p_memory_types text[], p_session_id text,
--     p_user_id text, p_source_agent text, p_created_after timestamp with
--     time zone, p_created_before timestamp with time zone,
--     p_embedding_model text) RETURNS boolean
--
-- Whether an embedding passes a search's filters, on the memory's columns
-- that vector_embeddings carries: visible (active and not expired) unless
-- p_include_inactive, one of p_memory_types (NULL: any), the session, the
-- user (the embedding's owner), the source agent, the memory's created_at
-- in [p_created_after, p_created_before), the model; a NULL filter passes.
-- Tags are checked by the caller. One SQL expression without a SET clause,
-- so the planner inlines it into the calling statement (as a condition on
-- the row's columns, evaluated during the index scan).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT count(*) FROM memory_store.vector_embeddings ve
--    WHERE memory_store.search_embedding_filter(ve, false, '{context}', NULL, NULL, NULL, NULL, NULL, NULL);

CREATE OR REPLACE FUNCTION memory_store.search_embedding_filter(
    p_row memory_store.vector_embeddings,
    p_include_inactive boolean,
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_embedding_model text)
RETURNS boolean
LANGUAGE sql STABLE
AS $fn$
    SELECT (p_include_inactive OR (p_row.is_active AND (p_row.expires_at IS NULL OR p_row.expires_at > now())))
       AND (p_memory_types IS NULL OR p_row.memory_type::text = ANY (p_memory_types))
       AND (p_session_id IS NULL OR p_row.session_id::text = p_session_id)
       AND (p_user_id IS NULL OR p_row.user_id::text = p_user_id)
       AND (p_source_agent IS NULL OR p_row.source_agent::text = p_source_agent)
       AND (p_created_after IS NULL OR p_row.memory_created_at >= p_created_after)
       AND (p_created_before IS NULL OR p_row.memory_created_at < p_created_before)
       AND (p_embedding_model IS NULL OR p_row.embedding_model::text = p_embedding_model)
$fn$;

COMMENT ON FUNCTION memory_store.search_embedding_filter(p_row memory_store.vector_embeddings, p_include_inactive boolean, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_embedding_model text) IS 'Whether an embedding passes the search filters on the memory columns vector_embeddings carries (visibility, types, session, user, source agent, created_at range, model); NULL filters pass. Inlined by the planner.
Example: SELECT count(*) FROM memory_store.vector_embeddings ve WHERE memory_store.search_embedding_filter(ve, false, ''{context}'', NULL, NULL, NULL, NULL, NULL, NULL);';
