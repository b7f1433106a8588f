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
--   payload.filters (or payload.filter): memory_types[] (or memory_type),
--       time_range{start,end} (created_at >= start and < end), tags[] (all of them),
--       min_similarity, limit (default 10), session_id, user_id, source_agent,
--       include_inactive, offset (only 0: search does not page)
-- The envelope's session_id is the caller's session, not a filter: to search
-- one session, name it in filters.session_id.
-- data: {results: [memory.search_result as JSON...], total_count (the number
-- of results), search_metadata{search_type, embedding_model, query_embedding_dimension}}
--
-- Errors:
--   22023 min_similarity must be a number
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
    CASE v_search_type
    WHEN 'keyword' THEN
        SELECT jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality) INTO v_results FROM memory_store.search_keyword_impl(
            v_query, v_types, memory_store.payload_text(v_filters, 'session_id'),
            memory_store.payload_text(v_filters, 'user_id'), memory_store.payload_text(v_filters, 'source_agent'),
            memory_store.payload_text_array(v_filters, 'tags'),
            memory_store.payload_timestamp(v_time_range, 'start'), memory_store.payload_timestamp(v_time_range, 'end'),
            memory_store.payload_bool(v_filters, 'include_inactive', false), v_limit) WITH ORDINALITY AS r;
    WHEN 'semantic' THEN
        PERFORM memory_store.require('query_embedding', v_embedding);
        SELECT jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality) INTO v_results FROM memory_store.search_semantic_impl(
            v_embedding, v_types, memory_store.payload_text(v_filters, 'session_id'),
            memory_store.payload_text(v_filters, 'user_id'), memory_store.payload_text(v_filters, 'source_agent'),
            memory_store.payload_text_array(v_filters, 'tags'),
            memory_store.payload_timestamp(v_time_range, 'start'), memory_store.payload_timestamp(v_time_range, 'end'),
            memory_store.payload_bool(v_filters, 'include_inactive', false), v_limit, v_min_sim, v_model) WITH ORDINALITY AS r;
    WHEN 'hybrid' THEN
        PERFORM memory_store.require('query', v_query);
        PERFORM memory_store.require('query_embedding', v_embedding);
        SELECT jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality) INTO v_results FROM memory_store.search_hybrid_impl(
            v_query, v_embedding, v_types, memory_store.payload_text(v_filters, 'session_id'),
            memory_store.payload_text(v_filters, 'user_id'), memory_store.payload_text(v_filters, 'source_agent'),
            memory_store.payload_text_array(v_filters, 'tags'),
            memory_store.payload_timestamp(v_time_range, 'start'), memory_store.payload_timestamp(v_time_range, 'end'),
            memory_store.payload_bool(v_filters, 'include_inactive', false), v_limit, v_min_sim, v_model, v_rrf_k) WITH ORDINALITY AS r;
    ELSE
        RAISE EXCEPTION 'unknown search_type %', quote_literal(left(v_search_type, 64))
            USING ERRCODE = 'invalid_parameter_value', HINT = 'one of: semantic, keyword, hybrid';
    END CASE;
    RETURN jsonb_build_object(
        'results', coalesce(v_results, '[]'::jsonb),
        'total_count', coalesce(jsonb_array_length(v_results), 0),
        'search_metadata', jsonb_build_object(
            'search_type', v_search_type,
            'embedding_model', v_model,
            'query_embedding_dimension', extensions.vector_dims(v_embedding)));
END
$fn$;

COMMENT ON FUNCTION memory_store.dispatch_search(p_payload jsonb, p_session_id text) IS 'The `search` action of memory.dispatch: keyword, semantic or hybrid search with payload.filters (see functions/memory_store/dispatch_search.v1.sql).
Example: SELECT memory.dispatch(''{"action": "search", "payload": {"query": "coffee", "filters": {"limit": 5}}}'');';
