-- Shared pieces of keyword, semantic and hybrid search: filter validation,
-- the filter clause of the dynamic queries, and the safe tsquery parser.
--
-- The search queries are built as dynamic SQL (EXECUTE ... USING), one
-- statement per call, with only the filters the caller gave. Each is then
-- planned for the actual values (a one-shot plan), so the planner can choose
-- between the HNSW / GIN index and an exact scan of a small filtered set,
-- and EXPLAIN of a call (auto_explain) shows exactly what runs. Parameters
-- are never spliced into the text; the numbering is fixed for all three:
--   $1 tsquery            $2 query embedding     $3 memory_types text[]
--   $4 session_id         $5 user_id             $6 source_agent
--   $7 tags text[]        $8 created_after       $9 created_before
--   $10 embedding_model   $11 candidates fetched from an index
--   $12 limit (k)         $13 min_similarity     $14 rrf_k

-- Validates the common filters and the limit; raises 22004 / 22023 / 54000.
CREATE FUNCTION memory_store.search_check_filters(
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean,
    p_limit integer)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_item text;
BEGIN
    PERFORM memory_store.require('limit', p_limit);
    PERFORM memory_store.require('include_inactive', p_include_inactive);
    IF p_limit NOT BETWEEN 1 AND (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', (SELECT max_page_size FROM memory_store.limits()), p_limit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_memory_types) > 64 THEN
        RAISE EXCEPTION 'at most 64 memory_types, got %', cardinality(p_memory_types)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    FOREACH v_item IN ARRAY coalesce(p_memory_types, '{}') LOOP
        PERFORM memory_store.check_memory_type(memory_store.require('memory_types element', v_item));
    END LOOP;
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    IF cardinality(p_tags) > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % tags, got %', (SELECT max_tags FROM memory_store.limits()), cardinality(p_tags)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    FOREACH v_item IN ARRAY coalesce(p_tags, '{}') LOOP
        PERFORM memory_store.check_id('tag', memory_store.require('tags element', v_item),
                                      (SELECT max_tag_length FROM memory_store.limits()));
    END LOOP;
    IF p_created_after > p_created_before THEN
        RAISE EXCEPTION 'created_after (%) is later than created_before (%)', p_created_after, p_created_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_check_filters(text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer) IS
$$Validates the search filters: limit 1..max_page_size (22004 NULL, 22023 out of range), known memory types (22023), ids and tags (22023), created_after <= created_before (22023).
Example: PERFORM memory_store.search_check_filters('{context}', NULL, 'u1', NULL, NULL, NULL, NULL, false, 10);$$;

-- The WHERE conditions on memory_entries (alias me) for the given filters,
-- referring to the parameters $3..$9; 'true' when there is none.
CREATE FUNCTION memory_store.search_filter_sql(
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(nullif(concat_ws(E'\n       AND ',
        CASE WHEN NOT p_include_inactive
             THEN 'me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())' END,
        CASE WHEN cardinality(p_memory_types) > 0 THEN 'me.memory_type::text = ANY ($3)' END,
        CASE WHEN p_session_id IS NOT NULL THEN 'me.session_id = $4' END,
        CASE WHEN p_user_id IS NOT NULL
             THEN 'EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = me.session_id AND s.user_id = $5)' END,
        CASE WHEN p_source_agent IS NOT NULL THEN 'me.source_agent = $6' END,
        CASE WHEN cardinality(p_tags) > 0
             THEN 'ARRAY(SELECT mt.tag::text FROM memory_store.memory_tags mt WHERE mt.memory_id = me.memory_id) @> $7' END,
        CASE WHEN p_created_after IS NOT NULL THEN 'me.created_at >= $8' END,
        CASE WHEN p_created_before IS NOT NULL THEN 'me.created_at < $9' END), ''), 'true')
$fn$;

COMMENT ON FUNCTION memory_store.search_filter_sql(text[], text, text, text, text[], timestamptz, timestamptz, boolean) IS
$$The WHERE conditions (on memory_entries AS me, parameters $3..$9) of a search with these filters: visibility, memory types, session, user (through sessions.user_id), source agent, all tags, created_at in [after, before).
Example: SELECT memory_store.search_filter_sql(NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false);$$;

-- websearch_to_tsquery('english', query) without its NOTICEs; any string is
-- accepted (an empty, punctuation-only or stop-word query gives an empty
-- tsquery). NULL -> 22004; longer than 4096 characters -> 54000.
CREATE FUNCTION memory_store.search_tsquery(p_query text)
RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $fn$
BEGIN
    PERFORM memory_store.require('query', p_query);
    IF length(p_query) > 4096 THEN
        RAISE EXCEPTION 'query is % characters long, the limit is 4096', length(p_query)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN websearch_to_tsquery('english'::regconfig, p_query);
END
$fn$;

COMMENT ON FUNCTION memory_store.search_tsquery(text) IS
$$The keyword query of a search: websearch_to_tsquery('english', query), quietly (no NOTICE for stop words); 22004 when NULL, 54000 over 4096 characters.
Example: SELECT memory_store.search_tsquery('"coffee order" -decaf');$$;

-- The pgvector settings of one semantic candidate scan that fetches p_fetch
-- rows: ef_search follows k (greatest(40, 2k), at most 1000, pgvector's
-- bound), iterative scan in relaxed order (the queries re-sort by distance),
-- and room for filtered scans to keep going. Set transaction-locally; the
-- functions that call this carry SET clauses for the same parameters, so the
-- previous values come back when they return.
CREATE FUNCTION memory_store.search_hnsw_settings(p_fetch integer)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
           set_config('hnsw.ef_search', least(1000, greatest(40, 2 * p_fetch))::text, true),
           set_config('hnsw.max_scan_tuples', least(1000000, greatest(20000, 500 * p_fetch))::text, true),
           set_config('hnsw.scan_mem_multiplier', '2', true)
$fn$;
