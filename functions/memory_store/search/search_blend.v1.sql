-- memory_store.search_blend(p_rows memory.search_result[], p_limit integer,
--     p_at timestamp with time zone) RETURNS SETOF memory.search_result
--
-- rank_by = 'blended': the best p_limit of p_rows (a relevance-ranked pool)
-- by
--   blended = relevance * recency_factor * priority_factor
--   relevance       = greatest(score, 0)  (the search's own score: ts_rank,
--                     cosine similarity or the fused RRF value)
--   recency_factor  = 0.5 ^ (age / half-life), age = p_at - updated_at
--                     (created_at when never updated; 0 when later than
--                     p_at), half-life memory_store.search_half_life();
--                     the exponent is capped at 1000 (no float underflow)
--   priority_factor = (10 + priority) / 20  (priority 1..10: 0.55 .. 1;
--                     a memory without priority counts as 5)
-- score becomes the blended value; score_components gains relevance,
-- age_seconds, half_life_seconds, recency_factor, priority_factor and
-- blended. Ties: relevance, then memory_id.
--
-- Errors:
--   through the functions it calls: 22023
-- Example:
--   SELECT * FROM memory_store.search_blend(ARRAY(SELECT r FROM memory_store.search_keyword_impl('coffee') r), 10, now());

CREATE OR REPLACE FUNCTION memory_store.search_blend(p_rows memory.search_result[], p_limit integer,
                                                    p_at timestamptz)
RETURNS SETOF memory.search_result
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT r.memory_id, r.session_id, r.memory_type, r.content, r.text_content, r.source_agent,
           r.created_at, r.updated_at, r.expires_at, r.priority, r.is_active, r.tags,
           b.blended, r.similarity_score,
           coalesce(r.score_components, '{}'::jsonb) || jsonb_build_object(
               'relevance', b.relevance, 'age_seconds', b.age, 'half_life_seconds', h.seconds,
               'recency_factor', b.recency, 'priority_factor', b.priority_factor, 'blended', b.blended)
      FROM unnest(p_rows) AS r
     CROSS JOIN (SELECT extract(epoch FROM memory_store.search_half_life())::double precision AS seconds) h
     CROSS JOIN LATERAL (
           SELECT greatest(r.score, 0) AS relevance,
                  greatest(extract(epoch FROM p_at - coalesce(r.updated_at, r.created_at)), 0)::double precision AS age,
                  (10 + coalesce(r.priority, 5)) / 20.0::double precision AS priority_factor) f
     CROSS JOIN LATERAL (
           SELECT f.relevance, f.age, f.priority_factor,
                  power(0.5::double precision, least(f.age / h.seconds, 1000)) AS recency,
                  f.relevance * power(0.5::double precision, least(f.age / h.seconds, 1000)) * f.priority_factor AS blended) b
     ORDER BY b.blended DESC, b.relevance DESC, r.memory_id
     LIMIT p_limit
$fn$;

COMMENT ON FUNCTION memory_store.search_blend(p_rows memory.search_result[], p_limit integer, p_at timestamp with time zone) IS 'rank_by = blended: the best p_limit rows by relevance * 0.5^(age / half-life) * (10 + priority) / 20, the factors added to score_components (docs/ranking.md).
Example: SELECT * FROM memory_store.search_blend(ARRAY(SELECT r FROM memory_store.search_keyword_impl(''coffee'') r), 10, now());';
