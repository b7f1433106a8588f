-- memory_store.summarize_texts(p_texts text[], p_max_sentences integer)
--     RETURNS text
--
-- Extractive summary (PL/Python): the max_sentences sentences with the most
-- frequent content words, in their original order; NULL when there is no
-- sentence.
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

STOP_WORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also just okay ok yes yeah please thanks thank
""".split())
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
    c_stop_words constant text[] := regexp_split_to_array(btrim($words$
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also just okay ok yes yeah please thanks thank
$words$, E' \n'), '\s+');
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
