-- memory_store.search_tsquery(p_query text) RETURNS tsquery
--
-- websearch_to_tsquery('english', query) without its NOTICEs; any string is
-- accepted (an empty, punctuation-only or stop-word query gives an empty
-- tsquery). NULL -> 22004; longer than 4096 characters -> 54000; more
-- distinct terms after normalisation than memory_store.search_budget()
-- allows (32: stems, stop words removed, each counted once, negated ones
-- too) -> 54000, before any row is read.
--
-- Errors:
--   54000 query is % characters long, the limit is 4096
--   54000 query has % distinct terms after normalisation, the limit is %
--   through the functions it calls: 39004
-- Example:
--   SELECT memory_store.search_tsquery('"coffee order" -decaf');

CREATE OR REPLACE FUNCTION memory_store.search_tsquery(p_query text)
RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $fn$
DECLARE
    v_tsquery tsquery;
    v_terms   bigint;
    v_limit   integer := (SELECT max_query_terms FROM memory_store.search_budget());
BEGIN
    PERFORM memory_store.require('query', p_query);
    IF length(p_query) > 4096 THEN
        RAISE EXCEPTION 'query is % characters long, the limit is 4096', length(p_query)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    v_tsquery := websearch_to_tsquery('english'::regconfig, p_query);
    -- the lexemes of the tsquery's text: quoted, '' for a quote inside
    SELECT count(DISTINCT m[1]) INTO v_terms
      FROM regexp_matches(v_tsquery::text, $re$'((?:[^']|'')*)'$re$, 'g') AS m;
    IF v_terms > v_limit THEN
        RAISE EXCEPTION 'query has % distinct terms after normalisation, the limit is % (max_query_terms)',
                        v_terms, v_limit
            USING ERRCODE = 'program_limit_exceeded',
                  HINT = 'ask with fewer words: search ranks memories by the terms they share with the query';
    END IF;
    RETURN v_tsquery;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_tsquery(p_query text) IS 'The keyword query of a search: websearch_to_tsquery(''english'', query), quietly (no NOTICE for stop words); 22004 when NULL, 54000 over 4096 characters or over max_query_terms (32) distinct terms after normalisation.
Example: SELECT memory_store.search_tsquery(''"coffee order" -decaf'');';
