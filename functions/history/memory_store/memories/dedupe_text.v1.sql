-- memory_store.dedupe_text(p_content jsonb) RETURNS text
--
-- The text exact deduplication compares: content.text (the whole content
-- as canonical JSON when it has no text), Unicode NFKC-normalised, in lower
-- case, runs of white space collapsed to one space, trimmed. "Café  au
-- LAIT" and "café au lait" (composed or decomposed é) are the same text.
-- Immutable (an index expression, through memory_store.dedupe_key).
--
-- Errors:
--   none (NULL content gives NULL)
-- Example:
--   SELECT memory_store.dedupe_text('{"text": "  I like\tTEA "}');  -- 'i like tea'

CREATE OR REPLACE FUNCTION memory_store.dedupe_text(p_content jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT btrim(regexp_replace(lower(normalize(coalesce(p_content ->> 'text', p_content::text), NFKC)),
                                '[[:space:]]+', ' ', 'g'), ' ');
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_text(p_content jsonb) IS 'The normalised text of exact deduplication: content.text (else the content as JSON), NFKC, lower case, white space collapsed and trimmed.
Example: SELECT memory_store.dedupe_text(''{"text": "  I like\tTEA "}'');  -- ''i like tea''';
