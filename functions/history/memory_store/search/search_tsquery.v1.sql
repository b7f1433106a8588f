-- memory_store.search_tsquery(p_query text) RETURNS tsquery
--
-- websearch_to_tsquery('english', query) without its NOTICEs; any string is
-- accepted (an empty, punctuation-only or stop-word query gives an empty
-- tsquery). NULL -> 22004; longer than 4096 characters -> 54000.
--
-- Errors:
--   54000 query is % characters long, the limit is 4096
--   through the functions it calls: 39004
-- Example:
--   SELECT memory_store.search_tsquery('"coffee order" -decaf');

CREATE OR REPLACE FUNCTION memory_store.search_tsquery(p_query text)
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

COMMENT ON FUNCTION memory_store.search_tsquery(p_query text) IS 'The keyword query of a search: websearch_to_tsquery(''english'', query), quietly (no NOTICE for stop words); 22004 when NULL, 54000 over 4096 characters.
Example: SELECT memory_store.search_tsquery(''"coffee order" -decaf'');';
