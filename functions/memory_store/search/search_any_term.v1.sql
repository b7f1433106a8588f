-- memory_store.search_any_term(p_tsquery tsquery, OUT match_query tsquery,
--     OUT rank_query tsquery, OUT every_term_query tsquery, OUT units
--     integer) RETURNS record
--
-- Turns a web-search tsquery (websearch_to_tsquery) into ranked any-term
-- retrieval. The query's top-level operands are its units: a word, a
-- phrase (quoted, or a hyphenated word: matched only whole and in order),
-- an or-group's members, a negation (-word, -"a phrase").
--   match_query      (unit 1 | unit 2 | ...) & !neg 1 & ...: a memory
--                    matches when it holds any unit and no negated one
--   rank_query       unit 1 | unit 2 | ...: what ts_rank weighs, so a
--                    memory that holds more of the units ranks higher
--   every_term_query unit 1 & unit 2 & ... & !neg ...: the memories that
--                    hold them all (NULL with fewer than two units)
--   units            the number of positive units
-- All NULL when the query has no positive unit (empty, stop words only,
-- or only negations): such a query finds nothing.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.search_any_term(websearch_to_tsquery('english', '"oat milk" coffee or tea -decaf'));

CREATE OR REPLACE FUNCTION memory_store.search_any_term(
    p_tsquery tsquery,
    OUT match_query tsquery,
    OUT rank_query tsquery,
    OUT every_term_query tsquery,
    OUT units integer)
RETURNS record
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_token    text;
    v_current  text := '';
    v_depth    integer := 0;
    v_units    text[] := '{}'::text[];
    v_negated  text[] := '{}'::text[];
BEGIN
    IF p_tsquery IS NULL OR numnode(p_tsquery) = 0 THEN
        RETURN;
    END IF;
    -- Tokens of the tsquery's text: a quoted lexeme (with its :* or weights),
    -- a phrase operator, a parenthesis, !, & or |. Split at & and | outside
    -- parentheses; each operand is a unit, or a negation when it starts with !.
    FOR v_token IN
        SELECT m[1] FROM regexp_matches(p_tsquery::text || ' &',
                                        $re$('(?:[^']|'')*'(?::[*A-D]+)?|<(?:-|[0-9]+)>|[()!&|])$re$, 'g') AS m
    LOOP
        IF v_token = '(' THEN
            v_depth := v_depth + 1;
        ELSIF v_token = ')' THEN
            v_depth := v_depth - 1;
        END IF;
        IF v_depth = 0 AND v_token IN ('&', '|') THEN
            IF left(v_current, 1) = '!' THEN
                v_negated := array_append(v_negated, v_current);
            ELSIF v_current <> '' AND NOT v_current = ANY (v_units) THEN
                v_units := array_append(v_units, v_current);
            END IF;
            v_current := '';
        ELSE
            v_current := v_current || CASE WHEN v_current = '' THEN '' ELSE ' ' END || v_token;
        END IF;
    END LOOP;
    units := cardinality(v_units);
    IF units = 0 THEN
        RETURN;
    END IF;
    rank_query := ('( ' || array_to_string(v_units, ' ) | ( ') || ' )')::tsquery;
    match_query := CASE WHEN cardinality(v_negated) = 0 THEN rank_query
                        ELSE rank_query && ('( ' || array_to_string(v_negated, ' ) & ( ') || ' )')::tsquery END;
    IF units > 1 THEN
        every_term_query := ('( ' || array_to_string(v_units || v_negated, ' ) & ( ') || ' )')::tsquery;
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_any_term(p_tsquery tsquery) IS 'Ranked any-term retrieval from a web-search tsquery: match_query (any unit, no negated one), rank_query (the units, for ts_rank), every_term_query (all units), units; NULL when nothing positive is asked.
Example: SELECT * FROM memory_store.search_any_term(websearch_to_tsquery(''english'', ''"oat milk" coffee or tea -decaf''));';
