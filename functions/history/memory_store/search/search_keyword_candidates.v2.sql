-- memory_store.search_keyword_candidates(p_tsquery tsquery, p_memory_types
--     text[], p_session_id text, p_user_id text, p_source_agent text,
--     p_tags text[], p_created_after timestamp with time zone,
--     p_created_before timestamp with time zone, p_include_inactive
--     boolean, p_limit integer) RETURNS TABLE(memory_id character varying,
--     created_at timestamp with time zone, score double precision)
--
-- The keyword candidates of a search: the ids, partitions (created_at) and
-- scores of the best p_limit memories for the query and the filters, of
-- the user the session acts for (every user's for a superuser acting for
-- nobody; none without a tenant).
--
-- Ranked any-term retrieval (memory_store.search_any_term): a memory
-- matches when it holds any of the query's units (word, phrase, or-group
-- member) and none of its negated ones; the score is ts_rank over all the
-- units, so a memory that holds more of the question's words ranks higher
-- (ts_rank of an or-query sums the units a memory holds). No length
-- normalisation: memories are short, and with normalisation 1 (1 + log of
-- the length) a memory that mentions a word once in four words outranked
-- one that says it three times in eight (tests/test_api_search.py).
-- Bounded cost: at most max_ranked_candidates memories are ranked
-- (memory_store.search_budget(): 500) - every memory that holds all the
-- units, then the most recent that hold any - so a query that matches
-- 100,000 memories reads their index entries and ids, but ranks 1,000 at
-- most; the number of terms is bounded by search_tsquery.
--
-- Owned by memory_maintainer (BYPASSRLS) so that the GIN index can serve the
-- match (the full-text match is not leakproof: under a policy PostgreSQL
-- would not use the index); the tenant condition is applied here
-- explicitly, and the callers read the rows themselves through the
-- policies. Not granted to anyone but the owner of the API (memory_owner).
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
    v_q      record;
    v_where  text;
    v_sql    text;
BEGIN
    IF NOT v_all AND v_tenant IS NULL THEN
        RETURN;  -- acting for nobody: no rows, as the policies would say
    END IF;
    v_q := memory_store.search_any_term(p_tsquery);
    IF v_q.match_query IS NULL THEN
        RETURN;  -- nothing positive asked (stop words only, or only negations)
    END IF;
    v_where := memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, coalesce(p_include_inactive, false))
               || CASE WHEN v_all THEN '' ELSE E'\n       AND me.user_id = $15' END;
    -- The match expression is exactly the one of idx_memory_entries_text_content
    -- (GIN). The pools order by an expression no index has, so the plan is the
    -- bitmap of the GIN index, never a walk down the created_at index that
    -- would test every row of a rare term's tenant.
    v_sql := format($q$
WITH recent AS MATERIALIZED (
    SELECT me.memory_id, me.created_at, me.text_content
      FROM memory_store.memory_entries me
     WHERE to_tsvector('english'::regconfig, me.text_content) @@ $1
       AND %1$s
     ORDER BY me.created_at + interval '0 seconds' DESC
     LIMIT $13
)%2$s, pool AS (
    SELECT * FROM recent%3$s
)
SELECT p.memory_id, p.created_at,
       ts_rank(to_tsvector('english'::regconfig, p.text_content), $16)::double precision AS score
  FROM pool p
 ORDER BY score DESC, p.created_at DESC, p.memory_id
 LIMIT $12$q$,
        v_where,
        CASE WHEN v_q.every_term_query IS NOT NULL THEN format($e$, every_term AS MATERIALIZED (
    SELECT me.memory_id, me.created_at, me.text_content
      FROM memory_store.memory_entries me
     WHERE to_tsvector('english'::regconfig, me.text_content) @@ $14
       AND %1$s
     ORDER BY me.created_at + interval '0 seconds' DESC
     LIMIT $13
)$e$, v_where) ELSE '' END,
        CASE WHEN v_q.every_term_query IS NOT NULL THEN ' UNION SELECT * FROM every_term' ELSE '' END);
    RETURN QUERY EXECUTE v_sql
        USING v_q.match_query, NULL::extensions.vector, p_memory_types, p_session_id, p_user_id, p_source_agent,
              p_tags, p_created_after, p_created_before, NULL::text, NULL::integer, p_limit,
              (SELECT max_ranked_candidates FROM memory_store.search_budget()), v_q.every_term_query, v_tenant,
              v_q.rank_query;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_keyword_candidates(p_tsquery tsquery, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer) IS 'Keyword search candidates (memory_id, created_at, score) of the session''s tenant: ranked any-term retrieval (ts_rank over the query''s units) of at most max_ranked_candidates memories, through the GIN index; owned by memory_maintainer, called by search_keyword_impl and search_hybrid_impl, which read the rows under row-level security.
Example: SELECT * FROM memory_store.search_keyword_candidates(websearch_to_tsquery(''english'', ''coffee''), NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 10);';
