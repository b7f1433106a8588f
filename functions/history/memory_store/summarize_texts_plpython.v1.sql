-- memory_store.summarize_texts(texts, max_sentences): an extractive summary,
-- PL/Python variant (deployed when plpython3u is available and the deploy
-- variable summarize_language is auto). The plpgsql variant,
-- summarize_texts_plpgsql.v1.sql, has the identical signature and computes
-- the identical result; tests/test_api_summarize.py compares the two.
--
-- 1. Sentences: every text is split after . ! or ? followed by white space,
--    and at line breaks; sentences are trimmed, empty ones dropped, and a
--    sentence repeated (case and white space aside) is kept once, first place.
-- 2. Words: lower-cased runs of [a-z0-9] (with inner apostrophes); content
--    words are those not in the English stop-word list below.
-- 3. Score of a sentence: the sum, over its content words, of each word's
--    frequency in all sentences, divided by the square root of its number of
--    content words (frequent topics count, long sentences do not win by
--    length alone); no content word scores 0.
-- 4. The top max_sentences by score (ties: the earlier sentence), joined in
--    their original order with one space. NULL when there is no sentence.
--
-- Created by the deploying superuser (plpython3u is untrusted), then owned by
-- memory_owner: an owner that is not a superuser cannot replace the body of
-- a function in an untrusted language. SECURITY INVOKER; no SQL inside;
-- executable by nobody but its owner (the summarize API runs as the owner).
CREATE FUNCTION memory_store.summarize_texts(p_texts text[], p_max_sentences integer)
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

COMMENT ON FUNCTION memory_store.summarize_texts(text[], integer) IS
$$Extractive summary (PL/Python): the max_sentences sentences with the most frequent content words, in their original order; NULL when there is no sentence.
Example: SELECT memory_store.summarize_texts(ARRAY['Tea is hot. Tea is green.', 'Cats sleep.'], 1);$$;
