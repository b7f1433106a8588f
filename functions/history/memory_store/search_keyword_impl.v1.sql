-- memory_store.search_keyword_impl as released in search_impl.v1.sql (v0.2.0),
-- alone (CREATE OR REPLACE), so that the revert of tenancy_api can restore it.
-- Keyword search: full text over text_content, ranked by ts_rank_cd.
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
    v_sql text;
BEGIN
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    IF numnode(v_tsquery) = 0 THEN
        RETURN;  -- nothing to look for: empty, punctuation only, stop words only
    END IF;
    -- The match expression is exactly the one of idx_memory_entries_text_content (GIN).
    v_sql := format($q$
SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
       me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
       memory_store.tags_of(me.memory_id) AS tags,
       ts_rank_cd(to_tsvector('english'::regconfig, me.text_content), $1)::double precision AS score,
       NULL::double precision AS similarity_score
  FROM memory_store.memory_entries me
 WHERE to_tsvector('english'::regconfig, me.text_content) @@ $1
       AND %s
 ORDER BY score DESC, me.created_at DESC, me.memory_id
 LIMIT $12$q$,
        memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                       p_created_after, p_created_before, p_include_inactive));
    BEGIN
        RETURN QUERY EXECUTE v_sql
            USING v_tsquery, NULL::extensions.vector, p_memory_types, p_session_id, p_user_id, p_source_agent,
                  p_tags, p_created_after, p_created_before, NULL::text, NULL::integer, p_limit,
                  NULL::double precision, NULL::integer;
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    END;
END
$fn$;
