-- memory_store.search_keyword_candidates(p_tsquery tsquery, p_memory_types
--     text[], p_session_id text, p_user_id text, p_source_agent text,
--     p_tags text[], p_created_after timestamp with time zone,
--     p_created_before timestamp with time zone, p_include_inactive
--     boolean, p_limit integer) RETURNS TABLE(memory_id character varying,
--     created_at timestamp with time zone, score double precision)
--
-- The keyword candidates of a search: the ids, partitions (created_at) and
-- ts_rank_cd scores of the best p_limit memories matching the query and the
-- filters, of the user the session acts for (every user's for a superuser
-- acting for nobody; none without a tenant). Owned by memory_maintainer
-- (BYPASSRLS) so that the GIN index can serve the match (see the header);
-- the tenant condition is applied here explicitly, and the callers read the
-- rows themselves through the policies. Not granted to anyone but the owner
-- of the API (memory_owner).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.search_keyword_candidates(websearch_to_tsquery('english', 'coffee'), NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 10);

CREATE OR REPLACE FUNCTION memory_store.search_keyword_candidates(
    p_tsquery tsquery,
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean,
    p_limit integer)
RETURNS TABLE (memory_id varchar(64), created_at timestamptz, score double precision)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
-- at most p_limit rows (k, or 4k for hybrid): the callers' join then looks the
-- rows up by primary key rather than hashing all of memory_entries
ROWS 40
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_all    boolean := memory_store.sees_all_tenants();
    v_tenant text := memory_store.current_tenant();
    v_sql    text;
BEGIN
    IF NOT v_all AND v_tenant IS NULL THEN
        RETURN;  -- acting for nobody: no rows, as the policies would say
    END IF;
    -- The match expression is exactly the one of idx_memory_entries_text_content (GIN).
    v_sql := format($q$
SELECT me.memory_id, me.created_at,
       ts_rank_cd(to_tsvector('english'::regconfig, me.text_content), $1)::double precision AS score
  FROM memory_store.memory_entries me
 WHERE to_tsvector('english'::regconfig, me.text_content) @@ $1
       AND %s%s
 ORDER BY score DESC, me.created_at DESC, me.memory_id
 LIMIT $12$q$,
        memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                       p_created_after, p_created_before, coalesce(p_include_inactive, false)),
        CASE WHEN v_all THEN '' ELSE E'\n       AND me.user_id = $15' END);
    RETURN QUERY EXECUTE v_sql
        USING p_tsquery, NULL::extensions.vector, p_memory_types, p_session_id, p_user_id, p_source_agent,
              p_tags, p_created_after, p_created_before, NULL::text, NULL::integer, p_limit,
              NULL::double precision, NULL::integer, v_tenant;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_keyword_candidates(p_tsquery tsquery, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer) IS 'Keyword search candidates (memory_id, created_at, ts_rank_cd score) of the session''s tenant, through the GIN index; owned by memory_maintainer, called by search_keyword_impl and search_hybrid_impl, which read the rows under row-level security.
Example: SELECT * FROM memory_store.search_keyword_candidates(websearch_to_tsquery(''english'', ''coffee''), NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 10);';
