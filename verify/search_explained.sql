-- Verify memory-orchestrator:search_explained on pg
-- Behaviour, not text: the result row explains its score, blended ranking
-- re-ranks by recency, the typed searches take rank_by and as_of.
BEGIN;

DO $$
DECLARE
    v_row memory.search_result;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                                         WHERE t.oid = 'memory.search_result'::pg_catalog.regtype)
                      AND a.attname = 'score_components' AND NOT a.attisdropped) THEN
        RAISE EXCEPTION 'search_explained: memory.search_result has no score_components';
    END IF;
    IF to_regprocedure('memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, text, timestamptz)') IS NULL
       OR to_regprocedure('memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, text, timestamptz)') IS NULL
       OR to_regprocedure('memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer, text, timestamptz)') IS NULL THEN
        RAISE EXCEPTION 'search_explained: a typed search without p_rank_by and p_as_of';
    END IF;
    -- two hits of equal relevance: the fresh one first
    SELECT b.* INTO v_row
      FROM memory_store.search_blend(ARRAY[
               ROW('old', NULL, 'context', NULL, NULL, NULL, now() - interval '1 year', NULL, NULL, 5, true, NULL,
                   0.9, 0.9, '{}'::jsonb)::memory.search_result,
               ROW('new', NULL, 'context', NULL, NULL, NULL, now(), NULL, NULL, 5, true, NULL,
                   0.9, 0.9, '{}'::jsonb)::memory.search_result], 1, now()) AS b;
    IF v_row.memory_id IS DISTINCT FROM 'new' OR NOT v_row.score_components ? 'recency_factor' THEN
        RAISE EXCEPTION 'search_explained: blended ranking did not put the fresh memory first';
    END IF;
END
$$;

ROLLBACK;
