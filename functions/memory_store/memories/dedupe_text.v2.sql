-- memory_store.dedupe_text(p_content jsonb) RETURNS text
--
-- The text exact deduplication compares: content.text (the whole content
-- as canonical JSON when it has no text), Unicode NFKC-normalised, in lower
-- case, runs of white space collapsed to one space, trimmed. "Café  au
-- LAIT" and "café au lait" (composed or decomposed é) are the same text.
-- Immutable (an index expression, through memory_store.dedupe_key).
-- Inlined wherever it is used, the index expression of every write among
-- them: no SET clause and not STRICT (either keeps an SQL function from
-- inlining, and an SQL function that is not inlined is planned on each
-- call). Every name in the body is schema-qualified, so no search_path can
-- change what it computes. NULL content still gives NULL.
--
-- Errors:
--   none (NULL content gives NULL)
-- Example:
--   SELECT memory_store.dedupe_text('{"text": "  I like\tTEA "}');  -- 'i like tea'

CREATE OR REPLACE FUNCTION memory_store.dedupe_text(p_content jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $fn$
    SELECT pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.normalize(
               coalesce(p_content OPERATOR(pg_catalog.->>) 'text', p_content::pg_catalog.text), 'NFKC')),
           '[[:space:]]+', ' ', 'g'), ' ');
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_text(p_content jsonb) IS 'The normalised text of exact deduplication: content.text (else the content as JSON), NFKC, lower case, white space collapsed and trimmed.
Example: SELECT memory_store.dedupe_text(''{"text": "  I like\tTEA "}'');  -- ''i like tea''';
