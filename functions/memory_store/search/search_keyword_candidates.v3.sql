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
-- A search over every tenant with no user or session filter gathers each
-- pool (the most recent matches of any unit; of every unit) newest first,
-- in four windows of created_at on the monthly partitions' bounds: this
-- month, last month, the six months before, everything older. A window is
-- read only when the newer ones held fewer than the pool's size, so a
-- common word fills its pool from the newest partition or two instead of
-- reading its matches in every partition of the year. The pool is the same
-- set as one read over all of them: every row of a window is newer than
-- every row of the windows after it. Each partition is planned in the one
-- window that holds it (the statement is planned with its values).
-- One tenant's or one session's search reads each pool in one pass: its
-- matches are too few to fill a pool from one window, and reading every
-- window costs more than one pass (bench/results/keyword-windows-*.md).
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
    v_all     boolean := memory_store.sees_all_tenants();
    v_tenant  text := memory_store.current_tenant();
    -- the windows' lower bounds, newest first, on the monthly partitions'
    -- bounds (UTC calendar months), so that each partition is planned in one
    -- window: this month, last month, the six months before, everything
    -- older (the last window)
    v_month   timestamptz := date_trunc('month', now(), 'UTC');
    v_bounds  timestamptz[] := ARRAY[v_month, v_month - interval '1 month', v_month - interval '7 months'];
    -- one user's or one session's matches are few: their pools fill from no
    -- single window, and reading every window costs more than one pass
    v_narrow  boolean := p_user_id IS NOT NULL OR p_session_id IS NOT NULL;
    -- One window of one pool: %1$s the pool, %2$s the window's number, %3$s
    -- the parameter of the pool's match, %4$s the filters, %5$s the window's
    -- range of created_at (bounds in $17), %6$s its gate. The match
    -- expression is exactly the one of idx_memory_entries_text_content
    -- (GIN). The window orders by an expression no index has, so the plan is
    -- the bitmap of the GIN index, never a walk down the created_at index
    -- that would test every row of a rare term's tenant. The gate - the
    -- newer windows held fewer than $13 rows - is a one-time filter: when it
    -- fails, the window's partitions are not read.
    v_window  text := $w$%1$s_%2$s AS MATERIALIZED (
    SELECT me.memory_id, me.created_at, me.text_content
      FROM memory_store.memory_entries me
     WHERE to_tsvector('english'::regconfig, me.text_content) @@ %3$s
       AND %4$s
       AND %5$s%6$s
     ORDER BY me.created_at + interval '0 seconds' DESC
     LIMIT $13
)$w$;
    v_q       record;
    v_where   text;
    v_pools   text[] := ARRAY[]::text[];
    v_pool    text;
    v_windows text[];
    v_newer   text[];
    v_sql     text;
    v_workers text;
BEGIN
    IF NOT v_all AND v_tenant IS NULL THEN
        RETURN;  -- acting for nobody: no rows, as the policies would say
    END IF;
    v_q := memory_store.search_any_term(p_tsquery);
    IF v_q.match_query IS NULL THEN
        RETURN;  -- nothing positive asked (stop words only, or only negations)
    END IF;
    IF v_narrow OR NOT v_all THEN
        v_bounds := ARRAY[]::timestamptz[];  -- one window: every partition in one pass
    END IF;
    v_where := memory_store.search_filter_sql(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, coalesce(p_include_inactive, false))
               || CASE WHEN v_all THEN '' ELSE E'\n       AND me.user_id = $15' END;
    -- recent: the most recent memories holding any unit ($1); every_term: those
    -- holding all of them ($14), when the query has more than one
    FOREACH v_pool IN ARRAY CASE WHEN v_q.every_term_query IS NULL THEN ARRAY['recent']
                                 ELSE ARRAY['recent', 'every_term'] END LOOP
        v_windows := ARRAY[]::text[];
        v_newer := ARRAY[]::text[];
        FOR i IN 1 .. cardinality(v_bounds) + 1 LOOP
            v_windows := v_windows || format(v_window, v_pool, i,
                CASE v_pool WHEN 'recent' THEN '$1' ELSE '$14' END, v_where,
                coalesce(nullif(concat_ws(' AND ',
                    CASE WHEN i <= cardinality(v_bounds) THEN format('me.created_at >= $17[%s]', i) END,
                    CASE WHEN i > 1 THEN format('me.created_at < $17[%s]', i - 1) END), ''), 'true'),
                CASE WHEN i > 1 THEN E'\n       AND ' || array_to_string(v_newer, ' + ') || ' < $13' ELSE '' END);
            v_newer := v_newer || format('(SELECT count(*) FROM %s_%s)', v_pool, i);
        END LOOP;
        -- the pool: the newest $13 of its windows (every row of a window is
        -- newer than every row of the windows after it)
        v_pools := v_pools || (array_to_string(v_windows, ', ') || format($p$, %1$s AS (
    SELECT w.* FROM (%2$s) AS w
     ORDER BY w.created_at DESC
     LIMIT $13
)$p$, v_pool, (SELECT string_agg(format('SELECT * FROM %s_%s', v_pool, i), ' UNION ALL ')
                 FROM generate_series(1, cardinality(v_bounds) + 1) AS i)));
    END LOOP;
    v_sql := format($q$
WITH %1$s, pool AS (
    SELECT * FROM recent%2$s
)
SELECT p.memory_id, p.created_at,
       ts_rank(to_tsvector('english'::regconfig, p.text_content), $16)::double precision AS score
  FROM pool p
 ORDER BY score DESC, p.created_at DESC, p.memory_id
 LIMIT $12$q$,
        array_to_string(v_pools, ', '),
        CASE WHEN v_q.every_term_query IS NOT NULL THEN ' UNION SELECT * FROM every_term' ELSE '' END);
    IF cardinality(v_bounds) > 0 THEN
        -- no parallel workers for the windows: a window that its one-time
        -- filter keeps from running would still start them (the filter sits
        -- below the Gather), at about 5 ms each. One pass keeps them: a large
        -- tenant's pool is a large scan. The caller's value comes back below.
        v_workers := current_setting('max_parallel_workers_per_gather');
        PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    END IF;
    RETURN QUERY EXECUTE v_sql
        USING v_q.match_query, NULL::extensions.vector, p_memory_types, p_session_id, p_user_id, p_source_agent,
              p_tags, p_created_after, p_created_before, NULL::text, NULL::integer, p_limit,
              (SELECT max_ranked_candidates FROM memory_store.search_budget()), v_q.every_term_query, v_tenant,
              v_q.rank_query, v_bounds;
    IF v_workers IS NOT NULL THEN
        PERFORM set_config('max_parallel_workers_per_gather', v_workers, true);
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_keyword_candidates(p_tsquery tsquery, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer) IS 'Keyword search candidates (memory_id, created_at, score) of the session''s tenant: ranked any-term retrieval (ts_rank over the query''s units) of at most max_ranked_candidates memories, through the GIN index; over every tenant with no user or session filter each pool is gathered newest window first (this month, last month, six months before, older; a window is read only when the newer ones fell short); owned by memory_maintainer, called by search_keyword_impl and search_hybrid_impl, which read the rows under row-level security.
Example: SELECT * FROM memory_store.search_keyword_candidates(websearch_to_tsquery(''english'', ''coffee''), NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 10);';
