-- memory_store.summarize_texts(p_texts text[], p_max_sentences integer)
--     RETURNS text
--
-- Extractive summary (PL/Python): the max_sentences sentences with the most
-- frequent content words (words not in memory_store.summary_stop_words()),
-- in their original order; NULL when there is no sentence.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.summarize_texts(ARRAY['Tea is hot. Tea is green.', 'Cats sleep.'], 1);

-- Two bodies of one signature and one result: PL/Python where the server
-- has plpython3u, else plpgsql (the deploying script sets
-- :summarize_plpython). tests/test_api_summarize.py checks that both give
-- the same summaries.
\if :summarize_plpython
CREATE OR REPLACE FUNCTION memory_store.summarize_texts(p_texts text[], p_max_sentences integer)
RETURNS text
LANGUAGE plpython3u
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
import math
import re

if "stop_words" not in SD:
    SD["stop_words"] = frozenset(
        plpy.execute("SELECT memory_store.summary_stop_words() AS words")[0]["words"])
STOP_WORDS = SD["stop_words"]
SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")

if p_max_sentences < 1:
    return None

sentences = []
seen = set()
for text in p_texts:
    if text is None:
        continue
    for sentence in SPLIT.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        key = " ".join(sentence.lower().split())
        if key in seen:
            continue
        seen.add(key)
        sentences.append(sentence)
if not sentences:
    return None

content = [[w for w in WORD.findall(s.lower()) if w not in STOP_WORDS] for s in sentences]
frequency = {}
for words in content:
    for w in words:
        frequency[w] = frequency.get(w, 0) + 1

scored = []
for position, words in enumerate(content):
    score = sum(frequency[w] for w in words) / math.sqrt(len(words)) if words else 0.0
    scored.append((-score, position))
chosen = sorted(position for _, position in sorted(scored)[:p_max_sentences])
return " ".join(sentences[i] for i in chosen)
$fn$;
\else
CREATE OR REPLACE FUNCTION memory_store.summarize_texts(p_texts text[], p_max_sentences integer)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_stop_words constant text[] := memory_store.summary_stop_words();
    v_summary text;
BEGIN
    IF p_max_sentences < 1 THEN
        RETURN NULL;
    END IF;
    WITH pieces AS (
        SELECT regexp_replace(piece, '^\s+|\s+$', '', 'g') AS sentence, t.text_no, p.piece_no
          FROM unnest(p_texts) WITH ORDINALITY AS t(body, text_no)
         CROSS JOIN LATERAL regexp_split_to_table(t.body, '(?<=[.!?])\s+|\n+') WITH ORDINALITY AS p(piece, piece_no)
         WHERE t.body IS NOT NULL
    ), numbered AS (
        SELECT pc.sentence, lower(regexp_replace(pc.sentence, '\s+', ' ', 'g')) AS dedup_key,
               row_number() OVER (ORDER BY pc.text_no, pc.piece_no) AS position
          FROM pieces AS pc
         WHERE pc.sentence <> ''
    ), sentences AS (
        SELECT DISTINCT ON (n.dedup_key) n.sentence, n.position
          FROM numbered AS n
         ORDER BY n.dedup_key, n.position
    ), words AS (
        SELECT s.position, m.match[1] AS word
          FROM sentences AS s
         CROSS JOIN LATERAL regexp_matches(lower(s.sentence), '[a-z0-9]+(?:''[a-z0-9]+)*', 'g') AS m(match)
         WHERE m.match[1] <> ALL (c_stop_words)
    ), frequency AS (
        SELECT w.word, count(*) AS n FROM words AS w GROUP BY w.word
    ), scores AS (
        SELECT w.position, sum(f.n)::double precision / sqrt(count(*)::double precision) AS score
          FROM words AS w JOIN frequency AS f ON f.word = w.word
         GROUP BY w.position
    ), chosen AS (
        SELECT s.sentence, s.position
          FROM sentences AS s LEFT JOIN scores AS sc ON sc.position = s.position
         ORDER BY coalesce(sc.score, 0) DESC, s.position
         LIMIT p_max_sentences
    )
    SELECT string_agg(c.sentence, ' ' ORDER BY c.position) INTO v_summary FROM chosen AS c;
    RETURN v_summary;
END
$fn$;
\endif

COMMENT ON FUNCTION memory_store.summarize_texts(p_texts text[], p_max_sentences integer) IS 'Extractive summary (PL/Python): the max_sentences sentences with the most frequent content words, in their original order; NULL when there is no sentence.
Example: SELECT memory_store.summarize_texts(ARRAY[''Tea is hot. Tea is green.'', ''Cats sleep.''], 1);';
