-- memory_store.search_keyword_impl(p_query text, p_memory_types text[]
--     DEFAULT NULL::text[], p_session_id text DEFAULT NULL::text, p_user_id
--     text DEFAULT NULL::text, p_source_agent text DEFAULT NULL::text,
--     p_tags text[] DEFAULT NULL::text[], p_created_after timestamp with
--     time zone DEFAULT NULL::timestamp with time zone, p_created_before
--     timestamp with time zone DEFAULT NULL::timestamp with time zone,
--     p_include_inactive boolean DEFAULT false, p_limit integer DEFAULT 10)
--     RETURNS SETOF memory.search_result
--
-- Keyword search: ranked any-term retrieval over text_content
-- (memory_store.search_keyword_candidates). score_components: keyword_score
-- (= score, ts_rank over the query's terms) and keyword_rank (1 for the best).
--
-- Errors:
--   through the functions it calls: 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   memory_store.search_keyword_impl(p_query, p_memory_types,
--       p_session_id, p_user_id, p_source_agent, p_tags,
--       p_created_after, p_created_before, p_include_inactive, p_limit)
--   (as memory.search_keyword calls it)

CREATE OR REPLACE FUNCTION memory_store.search_keyword_impl(
    p_query text,
    p_memory_types text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags text[] DEFAULT NULL,
    p_created_after timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_include_inactive boolean DEFAULT false,
    p_limit integer DEFAULT 10)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tsquery tsquery := memory_store.search_tsquery(p_query);
BEGIN
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    IF numnode(v_tsquery) = 0 THEN
        RETURN;  -- nothing to look for: empty, punctuation only, stop words only
    END IF;
    -- Candidates (the GIN index, the filters, the tenant) in one statement,
    -- then the rows themselves under row-level security.
    BEGIN
        RETURN QUERY
        SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
               me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
               memory_store.tags_of(me.memory_id) AS tags,
               c.score,
               NULL::double precision AS similarity_score,
               jsonb_build_object('keyword_score', c.score,
                                  'keyword_rank', row_number() OVER (ORDER BY c.score DESC, me.created_at DESC,
                                                                             me.memory_id)) AS score_components
          FROM memory_store.search_keyword_candidates(v_tsquery, p_memory_types, p_session_id, p_user_id, p_source_agent,
                                                      p_tags, p_created_after, p_created_before, p_include_inactive,
                                                      p_limit) AS c
          JOIN memory_store.memory_entries me ON me.memory_id = c.memory_id AND me.created_at = c.created_at
         ORDER BY c.score DESC, me.created_at DESC, me.memory_id;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
