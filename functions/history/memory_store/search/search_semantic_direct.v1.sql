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
-- - in two statements: the candidates (memory_store.search_semantic_candidates:
-- exact for a small user or session, else the HNSW index), then one
-- statement for each candidate's memory row, its tags, the score components
-- and the search's audit row, as memory_store.search_audited writes it (the
-- request as memory_store.search_audit_request records it, result_count,
-- complete). memory.search_semantic calls it for every search it can
-- answer; the layered path (search_audited, search_run, search_relevance,
-- search_semantic_impl) answers rank_by blended, as_of and requests whose
-- audit row needs sanitizing, with the same rows for the same search
-- (tests/test_search_direct.py). semantic_rank is the candidate's place.
--
-- Why: each layer ran statements of its own, each with its executor start
-- and its own look-ups of the tenant policy, and the rows were read in a
-- plan that started every partition of memory_entries. Here the candidates'
-- created_at span bounds the rows' statement, so the executor starts only
-- the partitions that span covers (a session's memories: one or two).
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
-- one plan per session: a custom plan costs more to make than the search
SET plan_cache_mode = force_generic_plan
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
BEGIN
    v_request := memory_store.search_audit_request(ROW(
        'semantic', NULL, p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
        p_created_after, p_created_before, p_include_inactive, p_limit, p_min_similarity, p_embedding_model, NULL,
        'relevance', NULL)::memory_store.search_request);
    PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);
    PERFORM memory_store.search_check_filters(p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags,
                                              p_created_after, p_created_before, p_include_inactive, p_limit);
    PERFORM memory_store.audit_read_commit(false);
    -- complete, as memory_store.search_run says it: every match returned when
    -- the search's user was scanned exactly
    v_exact := memory_store.search_exact_user(p_user_id) IS NOT NULL;
    -- the candidates, nearest first, and the span of their memories' created_at
    SELECT array_agg(c.memory_id ORDER BY c.rank), array_agg(c.created_at ORDER BY c.rank),
           array_agg(c.distance ORDER BY c.rank), min(c.created_at), max(c.created_at)
      INTO v_ids, v_created, v_dist, v_from, v_to
      FROM memory_store.search_semantic_candidates(
               p_embedding, p_memory_types, p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
               p_created_before, p_include_inactive, p_embedding_model, p_limit)
               WITH ORDINALITY AS c (memory_id, created_at, distance, rank)
     WHERE p_min_similarity IS NULL OR 1 - c.distance >= p_min_similarity;
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

COMMENT ON FUNCTION memory_store.search_semantic_direct(p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_min_similarity double precision, p_embedding_model text) IS 'A semantic search ranked by relevance, now, without the layers: the candidates, then the memory rows, tags, score components and the audit row in one statement pruned to the candidates'' partitions.
Example: SELECT memory_id FROM memory_store.search_semantic_direct($1::extensions.vector, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL);';
