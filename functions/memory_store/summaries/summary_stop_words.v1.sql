-- memory_store.summary_stop_words() RETURNS text[]
--
-- The English stop words an extractive summary does not count as content
-- words (memory_store.summarize_texts, both of its bodies), lower case, in
-- one list. A constant: IMMUTABLE, no SET clause, so that it folds into the
-- plpgsql body; the PL/Python body reads it once per session.
--
-- Errors:
--   none
-- Example:
--   SELECT 'the' = ANY (memory_store.summary_stop_words());  -- true

CREATE OR REPLACE FUNCTION memory_store.summary_stop_words()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $fn$
    SELECT regexp_split_to_array(btrim($words$
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
$fn$;

COMMENT ON FUNCTION memory_store.summary_stop_words() IS 'The English stop words an extractive summary (memory_store.summarize_texts) does not count as content words. Errors: none.
Example: SELECT ''the'' = ANY (memory_store.summary_stop_words());';
