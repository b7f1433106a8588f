-- memory_store.search_semantic_candidates(p_embedding extensions.vector,
--     p_memory_types text[], p_session_id text, p_user_id text,
--     p_source_agent text, p_tags text[], p_created_after timestamp with
--     time zone, p_created_before timestamp with time zone,
--     p_include_inactive boolean, p_embedding_model text, p_fetch integer)
--     RETURNS TABLE(memory_id character varying, created_at timestamp with
--     time zone, distance double precision)
--
-- The semantic candidates of a search (semantic and hybrid): the p_fetch
-- nearest memories whose embeddings pass the filters, each memory once with
-- its closest embedding, nearest first, with the memory's created_at (the key
-- that prunes memory_entries to one partition when the caller looks the
-- memory up). Every filter is a column of vector_embeddings itself (kept in
-- step with the memory by memory_store.memory_entries_filter_columns and
-- memory_store.vector_embeddings_filter_columns), so the scan joins nothing:
-- one static statement on one table, planned once per session, its
-- branches chosen by one-time conditions:
--   exact, user     the user the search is confined to has few vectors
--                   (memory_store.search_exact_user): their vectors, sorted
--   exact, session  a session filter whose session has few vectors (the
--                   same bound): the session's vectors, sorted
--   HNSW            otherwise: the HNSW index, pgvector's iterative scan
--                   going on until p_fetch rows pass the filters, with
--                   ef_search by the graph's size
--                   (memory_store.search_hnsw_settings)
-- The exact branches never return fewer than p_fetch while that many
-- matching memories exist. The scan asks for p_fetch rows; a memory may
-- have one embedding per model, so when those rows held fewer memories and
-- the scan did not run out, it asks again for twice as many (up to 8
-- p_fetch rows). Tags are the one filter not carried: checked per
-- candidate against memory_tags. A user filter is the embeddings' owner
-- (vector_embeddings.user_id, the memory's user). Validation is the
-- caller's (memory_store.search_check_filters, search_check_semantic).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_id, distance FROM memory_store.search_semantic_candidates(
--       $1::extensions.vector, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, NULL, 20);

CREATE OR REPLACE FUNCTION memory_store.search_semantic_candidates(
    p_embedding extensions.vector,
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean,
    p_embedding_model text,
    p_fetch integer)
RETURNS TABLE (memory_id varchar(64), created_at timestamptz, distance double precision)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- memory_store.search_hnsw_settings sets these for the scan; the caller's
-- values come back on return
SET hnsw.iterative_scan = relaxed_order
SET hnsw.ef_search = 40
SET hnsw.max_scan_tuples = 20000
SET hnsw.scan_mem_multiplier = 2
-- one plan per session (a custom plan costs more to make than the HNSW walk
-- takes). A generic plan takes the filters it cannot see for a match of
-- one row, and would sort the table rather than walk the HNSW index: with
-- sorts priced out, the HNSW branch walks the index (no other path gives
-- its order) and the exact branches sort, as they must
SET plan_cache_mode = force_generic_plan
SET enable_sort = off
AS $fn$
#variable_conflict use_column
DECLARE
    v_types   text[] := CASE WHEN cardinality(p_memory_types) > 0 THEN p_memory_types END;
    v_tags    text[] := CASE WHEN cardinality(p_tags) > 0 THEN p_tags END;
    v_all     boolean := coalesce(p_include_inactive, false);
    v_limit   integer := (SELECT b.exact_scan_max_vectors FROM memory_store.search_budget() AS b);
    v_user    text;
    v_session text;
    v_rows    integer := p_fetch;
    v_scanned bigint;
    v_ids     varchar(64)[];
    v_created timestamptz[];
    v_dist    double precision[];
BEGIN
    v_user := memory_store.search_exact_user(p_user_id);
    IF v_user IS NULL AND p_session_id IS NOT NULL
       AND (SELECT count(*) FROM (SELECT 1 FROM memory_store.vector_embeddings ve
                                   WHERE ve.session_id = p_session_id LIMIT v_limit + 1) AS few) <= v_limit THEN
        v_session := p_session_id;
    END IF;
    -- The v_rows nearest embeddings, grouped by memory. A memory may have one
    -- embedding per model: when the rows held fewer than p_fetch memories
    -- and the scan did not run out, twice as many rows (at most 8 p_fetch).
    -- The candidate scan is MATERIALIZED; the re-sort of the relaxed order is
    -- outside it, as pgvector's documentation advises. The exact branches
    -- order by an expression no index has (+ 0).
    LOOP
        IF v_user IS NULL AND v_session IS NULL THEN
            PERFORM memory_store.search_hnsw_settings(v_rows);
        END IF;
        WITH candidates AS MATERIALIZED (
            (SELECT ve.memory_id, ve.memory_created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding AS distance
               FROM memory_store.vector_embeddings ve
              WHERE v_user IS NOT NULL AND ve.user_id = v_user
                AND memory_store.search_embedding_filter(ve, v_all, v_types, p_session_id, p_user_id, p_source_agent,
                                                         p_created_after, p_created_before, p_embedding_model)
                AND (v_tags IS NULL OR memory_store.tags_of(ve.memory_id) @> v_tags)
              ORDER BY (ve.embedding OPERATOR(extensions.<=>) p_embedding) + 0
              LIMIT v_rows)
            UNION ALL
            (SELECT ve.memory_id, ve.memory_created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding
               FROM memory_store.vector_embeddings ve
              WHERE v_user IS NULL AND v_session IS NOT NULL AND ve.session_id = v_session
                AND memory_store.search_embedding_filter(ve, v_all, v_types, p_session_id, p_user_id, p_source_agent,
                                                         p_created_after, p_created_before, p_embedding_model)
                AND (v_tags IS NULL OR memory_store.tags_of(ve.memory_id) @> v_tags)
              ORDER BY (ve.embedding OPERATOR(extensions.<=>) p_embedding) + 0
              LIMIT v_rows)
            UNION ALL
            (SELECT ve.memory_id, ve.memory_created_at, ve.embedding OPERATOR(extensions.<=>) p_embedding
               FROM memory_store.vector_embeddings ve
              WHERE v_user IS NULL AND v_session IS NULL
                AND memory_store.search_embedding_filter(ve, v_all, v_types, p_session_id, p_user_id, p_source_agent,
                                                         p_created_after, p_created_before, p_embedding_model)
                AND (v_tags IS NULL OR memory_store.tags_of(ve.memory_id) @> v_tags)
              ORDER BY ve.embedding OPERATOR(extensions.<=>) p_embedding
              LIMIT v_rows)
        )
        SELECT array_agg(n.memory_id ORDER BY n.distance, n.memory_id),
               array_agg(n.created_at ORDER BY n.distance, n.memory_id),
               array_agg(n.distance ORDER BY n.distance, n.memory_id), sum(n.copies)::bigint
          INTO v_ids, v_created, v_dist, v_scanned
          FROM (SELECT c.memory_id, min(c.memory_created_at) AS created_at, min(c.distance) AS distance,
                       count(*) AS copies
                  FROM candidates c GROUP BY c.memory_id) n;
        EXIT WHEN coalesce(v_scanned, 0) < v_rows OR cardinality(v_ids) >= p_fetch OR v_rows >= 8 * p_fetch;
        v_rows := 2 * v_rows;
    END LOOP;
    RETURN QUERY SELECT u.memory_id, u.created_at, u.distance
                   FROM unnest(v_ids, v_created, v_dist) AS u (memory_id, created_at, distance)
                  LIMIT p_fetch;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_semantic_candidates(p_embedding extensions.vector, p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_embedding_model text, p_fetch integer) IS 'The semantic candidates of a search: the p_fetch nearest memories whose embeddings pass the filters (all on vector_embeddings'' own columns; tags through memory_tags), each memory once, nearest first, with its created_at; exact for a small user or session, else the HNSW index. One static statement on one table, planned once per session.
Example: SELECT memory_id, distance FROM memory_store.search_semantic_candidates($1::extensions.vector, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, NULL, 20);';
