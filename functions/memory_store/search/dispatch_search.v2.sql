-- memory_store.dispatch_search(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The dispatch action `search`:
--   payload.query             text (keyword / hybrid)
--   payload.query_embedding   JSON array of 1536 numbers (semantic / hybrid)
--   payload.search_type       semantic | keyword | hybrid; when absent:
--                             hybrid if both query and query_embedding are given,
--                             semantic if only query_embedding, keyword if only query
--   payload.embedding_model   only embeddings of this model (semantic / hybrid)
--   payload.rrf_k             hybrid's RRF constant (default 60)
--   payload.rank_by           relevance (default) | blended (recency and priority)
--   payload.as_of             ISO-8601 instant: search the store as it stood then
--   payload.filters (or payload.filter): memory_types[] (or memory_type),
--       time_range{start,end} (created_at >= start and < end), tags[] (all of them),
--       min_similarity, limit (default 10), session_id, user_id, source_agent,
--       include_inactive, offset (only 0: search does not page)
-- The envelope's session_id is the caller's session, not a filter: to search
-- one session, name it in filters.session_id.
-- data: {results: [memory.search_result as JSON, with score_components...],
-- total_count (the number of results), search_metadata{search_type,
-- embedding_model, query_embedding_dimension, rank_by, as_of, complete}}:
-- complete is false when fewer than limit results came back although more
-- matching memories may exist (memory_store.search_run).
--
-- Errors:
--   22023 min_similarity must be a number
--   22023 search does not page: offset must be 0, raise limit instead
--   through the functions it calls: 39004, 54000, MO004, p_sqlstate
-- Example:
--   SELECT memory.dispatch('{"action": "search", "payload": {"query": "coffee", "filters": {"limit": 5}}}');

CREATE OR REPLACE FUNCTION memory_store.dispatch_search(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_query       text := memory_store.payload_text(p_payload, 'query');
    v_embedding   extensions.vector := memory_store.vector_from_json('query_embedding', p_payload -> 'query_embedding');
    v_search_type text := memory_store.payload_text(p_payload, 'search_type');
    v_model       text := memory_store.payload_text(p_payload, 'embedding_model');
    v_rrf_k       integer := coalesce(memory_store.payload_int(p_payload, 'rrf_k'), 60);
    v_filters     jsonb := coalesce(memory_store.payload_json(p_payload, 'filters', 'object'),
                                    memory_store.payload_json(p_payload, 'filter', 'object'), '{}'::jsonb);
    v_time_range  jsonb := coalesce(memory_store.payload_json(v_filters, 'time_range', 'object'), '{}'::jsonb);
    v_types       text[] := memory_store.payload_text_array(v_filters, 'memory_types');
    v_type        text := memory_store.payload_text(v_filters, 'memory_type');
    v_min_sim     double precision;
    v_limit       integer := coalesce(memory_store.payload_int(v_filters, 'limit'), 10);
    v_offset      integer := memory_store.payload_int(v_filters, 'offset');
    v_rank_by     text := coalesce(memory_store.payload_text(p_payload, 'rank_by'), 'relevance');
    v_as_of       timestamptz := memory_store.payload_timestamp(p_payload, 'as_of');
    v_results     jsonb;
BEGIN
    IF v_type IS NOT NULL THEN
        v_types := array_append(coalesce(v_types, '{}'), v_type);
    END IF;
    IF jsonb_typeof(v_filters -> 'min_similarity') NOT IN ('number', 'null') THEN
        RAISE EXCEPTION 'min_similarity must be a number' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_min_sim := (v_filters ->> 'min_similarity')::double precision;
    IF coalesce(v_offset, 0) <> 0 THEN
        RAISE EXCEPTION 'search does not page: offset must be 0, raise limit instead' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_search_type := coalesce(v_search_type, CASE WHEN v_embedding IS NULL THEN 'keyword'
                                                  WHEN v_query IS NULL THEN 'semantic'
                                                  ELSE 'hybrid' END);
    IF v_search_type = 'hybrid' THEN
        PERFORM memory_store.require('query', v_query);
    END IF;
    IF v_search_type IN ('semantic', 'hybrid') THEN
        PERFORM memory_store.require('query_embedding', v_embedding);
    END IF;
    SELECT jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality) INTO v_results FROM memory_store.search_run(ROW(
        v_search_type, v_query, v_embedding, v_types, memory_store.payload_text(v_filters, 'session_id'),
        memory_store.payload_text(v_filters, 'user_id'), memory_store.payload_text(v_filters, 'source_agent'),
        memory_store.payload_text_array(v_filters, 'tags'),
        memory_store.payload_timestamp(v_time_range, 'start'), memory_store.payload_timestamp(v_time_range, 'end'),
        memory_store.payload_bool(v_filters, 'include_inactive', false), v_limit, v_min_sim, v_model, v_rrf_k,
        v_rank_by, v_as_of)::memory_store.search_request) WITH ORDINALITY AS r;
    RETURN jsonb_build_object(
        'results', coalesce(v_results, '[]'::jsonb),
        'total_count', coalesce(jsonb_array_length(v_results), 0),
        'search_metadata', jsonb_build_object(
            'search_type', v_search_type,
            'embedding_model', v_model,
            'query_embedding_dimension', extensions.vector_dims(v_embedding),
            'rank_by', v_rank_by,
            'as_of', v_as_of,
            'complete', current_setting('memory_store.search_complete')::boolean));
END
$fn$;

COMMENT ON FUNCTION memory_store.dispatch_search(p_payload jsonb, p_session_id text) IS 'The `search` action of memory.dispatch: keyword, semantic or hybrid search with payload.filters with rank_by (relevance | blended) and as_of; results carry score_components, search_metadata.complete (see docs/ranking.md).
Example: SELECT memory.dispatch(''{"action": "search", "payload": {"query": "coffee", "filters": {"limit": 5}}}'');';
