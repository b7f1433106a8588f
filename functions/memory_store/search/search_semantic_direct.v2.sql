-- memory_store.search_semantic_direct(p_embedding extensions.vector,
--     p_memory_types text[] DEFAULT NULL::text[], p_session_id text DEFAULT
--     NULL::text, p_user_id text DEFAULT NULL::text, p_source_agent text
--     DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[],
--     p_created_after timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_created_before timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_include_inactive boolean DEFAULT
--     false, p_limit integer DEFAULT 10, p_min_similarity double precision
--     DEFAULT NULL::double precision, p_embedding_model text DEFAULT
--     NULL::text) RETURNS SETOF memory.search_result
--
-- The common semantic search - ranked by relevance, the store as it is now
-- - in two statements: the candidates, then one statement for each
-- candidate's memory row, its tags, the score components and the search's
-- audit row, as memory_store.search_audited writes it (the request as
-- memory_store.search_audit_request records it, result_count, complete).
-- memory.search_semantic calls it for every search it can answer; the
-- layered path (search_audited, search_run, search_relevance,
-- search_semantic_impl) answers rank_by blended, as_of and requests whose
-- audit row needs sanitizing, with the same rows for the same search
-- (tests/test_search_direct.py). semantic_rank is the candidate's place.
--
-- The candidates, in this function's own statements for the two common
-- searches: a session whose vectors are few (at most search_budget's
-- exact-scan bound), whoever's it is and whoever asks - one statement counts
-- them and scans them exactly (memory_store.search_semantic_scan, branch
-- session), each memory at its nearest embedding - and a search of no exact
-- user - one statement walks the HNSW index (branch hnsw, settings by
-- memory_store.search_hnsw_settings) and groups the rows by memory. An exact
-- user without a small session, and a walk whose rows held fewer than
-- p_limit memories (several embeddings of one memory), ask
-- memory_store.search_semantic_candidates, which widens the scan. The
-- function call, its settings and the statements it runs to decide the
-- branch and group the rows cost as much as the walk of a small graph.
--
-- Validation: a request of the common shape (an embedding of the right
-- dimensions, a limit in range, no model, types or tags, a similarity and
-- a time range that are valid) passes every validator, so one expression
-- checks it and check_id its ids, in the validators' order; any other
-- request goes through memory_store.search_check_semantic and
-- search_check_filters, which raise the typed error.
--
-- Why one statement for the rows: each layer ran statements of its own,
-- each with its executor start and its own look-ups of the tenant policy,
-- and the rows were read in a plan that started every partition of
-- memory_entries. Here the candidates' created_at span bounds the rows'
-- statement, so the executor starts only the partitions that span covers
-- (a session's memories: one or two).
--
-- A read-only call: the audit row commits without waiting for the WAL flush
-- when the transaction wrote nothing else (memory_store.audit_read_commit).
-- A failure is audited in its own transaction and raised as
-- memory_store.search_raise raises it.
--
-- Errors:
--   through the functions it calls: 22004, 22023, 39004, 54000, MO004,
--   p_sqlstate
-- Example:
--   SELECT memory_id FROM memory_store.search_semantic_direct($1::extensions.vector, NULL, NULL, 'u1', NULL,
--       NULL, NULL, NULL, false, 10, NULL, NULL);

CREATE OR REPLACE FUNCTION memory_store.search_semantic_direct(
    p_embedding extensions.vector,
    p_memory_types text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags text[] DEFAULT NULL,
    p_created_after timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_include_inactive boolean DEFAULT false,
    p_limit integer DEFAULT 10,
    p_min_similarity double precision DEFAULT NULL,
    p_embedding_model text DEFAULT NULL)
RETURNS SETOF memory.search_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- memory_store.search_hnsw_settings sets these for the HNSW scan; the
-- caller's values come back on return
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
SET hnsw.scan_mem_multiplier = 2
-- one plan per session: a custom plan costs more to make than the search.
-- With sorts priced out, the generic plan of the HNSW statement walks the
-- index (as in memory_store.search_semantic_candidates); the exact scan
-- sorts a fenced subquery's distance, which no index offers
SET plan_cache_mode = force_generic_plan
SET enable_sort = off
AS $fn$
DECLARE
    v_request jsonb;
    v_count   bigint;
    v_ids     varchar(64)[];
    v_created timestamptz[];
    v_dist    double precision[];
    v_from    timestamptz;
    v_to      timestamptz;
    v_exact   boolean;
    v_user    text;
    v_few     bigint;
    v_bound   integer := (SELECT b.exact_scan_max_vectors FROM memory_store.search_budget() AS b);
    v_types   text[] := CASE WHEN cardinality(p_memory_types) > 0 THEN p_memory_types END;
    v_tags    text[] := CASE WHEN cardinality(p_tags) > 0 THEN p_tags END;
    v_scanned bigint;
    v_found   bigint;
    v_again   boolean := false;
BEGIN
    v_request := memory_store.search_audit_request(ROW(
        'semantic', NULL, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model, NULL,
        'relevance', NULL)::memory_store.search_request);
    -- everything the validators check before the ids, for the common shape;
    -- the ids then in their order (tags absent, the time range checked here)
    IF p_embedding IS NOT NULL
       AND extensions.vector_dims(p_embedding) = (SELECT l.embedding_dimensions FROM memory_store.limits() AS l)
       AND p_embedding_model IS NULL
       AND (p_min_similarity IS NULL OR p_min_similarity BETWEEN -1 AND 1)
       AND p_limit BETWEEN 1 AND (SELECT l.max_page_size FROM memory_store.limits() AS l)
       AND p_include_inactive IS NOT NULL
       AND p_memory_types IS NULL AND p_tags IS NULL
       AND (p_created_after IS NULL OR p_created_before IS NULL OR p_created_after <= p_created_before) THEN
        PERFORM memory_store.check_id('session_id', p_session_id), memory_store.check_id('user_id', p_user_id),
                memory_store.check_id('source_agent', p_source_agent);
    ELSE
        PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
        PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                                  p_created_after, p_created_before, p_include_inactive, p_limit);
    END IF;
    PERFORM memory_store.audit_read_commit(false);
    -- complete, as memory_store.search_run says it: every match returned when
    -- the search's user was scanned exactly
    v_user := memory_store.search_exact_user(p_user_id);
    v_exact := v_user IS NOT NULL;
    -- the candidates, nearest first, and the span of their memories' created_at
    IF p_session_id IS NOT NULL THEN
        -- first, even for an exact user: a session's vectors are a subset of
        -- its user's, and the session's index finds them directly
        -- the session's vectors, counted up to the bound; when they are few,
        -- every one that passes the filters, each memory at its nearest
        SELECT f.n,
               array_agg(g.memory_id ORDER BY g.distance, g.memory_id) FILTER (WHERE g.kept),
               array_agg(g.created_at ORDER BY g.distance, g.memory_id) FILTER (WHERE g.kept),
               array_agg(g.distance ORDER BY g.distance, g.memory_id) FILTER (WHERE g.kept),
               min(g.created_at) FILTER (WHERE g.kept), max(g.created_at) FILTER (WHERE g.kept)
          INTO v_few, v_ids, v_created, v_dist, v_from, v_to
          FROM (SELECT count(*) AS n
                  FROM (SELECT 1 FROM memory_store.vector_embeddings ve
                         WHERE ve.session_id = p_session_id LIMIT v_bound + 1) AS s) AS f
          LEFT JOIN LATERAL (
                SELECT near.memory_id, near.created_at, near.distance,
                       p_min_similarity IS NULL OR 1 - near.distance >= p_min_similarity AS kept
                  FROM (SELECT c.memory_id, min(c.memory_created_at) AS created_at, min(c.distance) AS distance
                          FROM memory_store.search_semantic_scan('session', p_session_id, p_embedding,
                                   coalesce(p_include_inactive, false), v_types, p_session_id, p_user_id,
                                   p_source_agent, v_tags, p_created_after, p_created_before, p_embedding_model,
                                   v_bound) AS c
                         WHERE f.n <= v_bound
                         GROUP BY c.memory_id
                         ORDER BY min(c.distance), c.memory_id
                         LIMIT p_limit) AS near) AS g ON true
         GROUP BY f.n;
    END IF;
    IF v_user IS NULL AND (p_session_id IS NULL OR v_few > v_bound) THEN
        -- the HNSW index: the p_limit nearest embeddings that pass the
        -- filters (pgvector's iterative scan), each memory at its nearest
        PERFORM memory_store.search_hnsw_settings(p_limit);
        SELECT sum(near.copies)::bigint, count(*),
               array_agg(near.memory_id ORDER BY near.distance, near.memory_id) FILTER (WHERE near.kept),
               array_agg(near.created_at ORDER BY near.distance, near.memory_id) FILTER (WHERE near.kept),
               array_agg(near.distance ORDER BY near.distance, near.memory_id) FILTER (WHERE near.kept),
               min(near.created_at) FILTER (WHERE near.kept), max(near.created_at) FILTER (WHERE near.kept)
          INTO v_scanned, v_found, v_ids, v_created, v_dist, v_from, v_to
          FROM (SELECT c.memory_id, min(c.memory_created_at) AS created_at, min(c.distance) AS distance,
                       count(*) AS copies,
                       p_min_similarity IS NULL OR 1 - min(c.distance) >= p_min_similarity AS kept
                  FROM memory_store.search_semantic_scan('hnsw', NULL, p_embedding, coalesce(p_include_inactive, false),
                           v_types, p_session_id, p_user_id, p_source_agent, v_tags, p_created_after,
                           p_created_before, p_embedding_model, p_limit) AS c
                 GROUP BY c.memory_id) AS near;
        -- a memory may have one embedding per model: rows that held fewer
        -- than p_limit memories, from a scan that did not run out, are asked
        -- again by the candidates function, which widens the scan
        v_again := coalesce(v_scanned, 0) >= p_limit AND v_found < p_limit;
    END IF;
    IF (v_user IS NOT NULL AND (p_session_id IS NULL OR v_few > v_bound)) OR v_again THEN
        SELECT array_agg(c.memory_id ORDER BY c.rank), array_agg(c.created_at ORDER BY c.rank),
               array_agg(c.distance ORDER BY c.rank), min(c.created_at), max(c.created_at)
          INTO v_ids, v_created, v_dist, v_from, v_to
          FROM memory_store.search_semantic_candidates(
                   p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
                   p_created_before, p_include_inactive, p_embedding_model, p_limit)
                   WITH ORDINALITY AS c (memory_id, created_at, distance, rank)
         WHERE p_min_similarity IS NULL OR 1 - c.distance >= p_min_similarity;
    END IF;
    -- their rows: the span's bounds prune memory_entries to the partitions it
    -- covers when the executor starts (a session's memories: one or two), the
    -- candidate's created_at to one partition each
    RETURN QUERY
    WITH r AS MATERIALIZED (
             SELECT me.memory_id, me.session_id, me.memory_type, me.content, me.text_content, me.source_agent,
                    me.created_at, me.updated_at, me.expires_at, me.priority, me.is_active,
                    ARRAY(SELECT t.tag::text FROM memory_store.memory_tags t
                           WHERE t.memory_id = me.memory_id ORDER BY t.tag) AS tags,
                    1 - c.distance AS similarity, c.rank
               FROM unnest(v_ids, v_created, v_dist) WITH ORDINALITY AS c (memory_id, created_at, distance, rank)
              CROSS JOIN LATERAL (
                    SELECT me.* FROM memory_store.memory_entries me
                     WHERE me.memory_id = c.memory_id AND me.created_at = c.created_at
                       AND me.created_at BETWEEN v_from AND v_to
                       AND (p_include_inactive OR (me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())))
                    OFFSET 0) AS me),
         audited AS (
             INSERT INTO memory_store.memory_access_logs
                 (session_id, operation, request_data, success, agent_id, ip_address, login_role, user_id)
             SELECT CASE WHEN p_session_id IS NOT NULL
                         THEN (SELECT s.session_id FROM memory_store.sessions s WHERE s.session_id = p_session_id) END,
                    'search',
                    v_request || jsonb_build_object('result_count', k.found,
                                                    'complete', k.found >= p_limit OR v_exact),
                    true, ac.agent_id, ac.ip_address, ac.login_role, ac.user_id
               FROM (SELECT count(*) AS found FROM r) AS k, memory_store.audit_context() AS ac)
    SELECT r.memory_id, r.session_id, r.memory_type, r.content, r.text_content, r.source_agent, r.created_at,
           r.updated_at, r.expires_at, r.priority, r.is_active, r.tags, r.similarity, r.similarity,
           jsonb_build_object('semantic_similarity', r.similarity, 'semantic_rank', r.rank)
      FROM r
     ORDER BY r.rank;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('memory_store.search_complete', (v_count >= p_limit OR v_exact)::text, false);
    RETURN;
EXCEPTION WHEN OTHERS THEN
    BEGIN
        PERFORM memory_store.search_raise(SQLSTATE, SQLERRM);
    EXCEPTION WHEN OTHERS THEN
        PERFORM memory_store.audit_autonomous('search', NULL, p_session_id, v_request, false,
                                              SQLSTATE || ': ' || SQLERRM);
        RAISE;
    END;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_semantic_direct(p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text) IS 'A semantic search ranked by relevance, now, without the layers: the candidates (a small session''s vectors or the HNSW walk in the function''s own statements), then the memory rows, tags, score components and the audit row in one statement pruned to the candidates'' partitions.
Example: SELECT memory_id FROM memory_store.search_semantic_direct($1::extensions.vector, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL);';
