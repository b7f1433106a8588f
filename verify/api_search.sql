-- Verify memory-orchestrator:api_search on pg
BEGIN;

SELECT 'memory_store.dispatch_search(jsonb, text)'::regprocedure,
       'memory_store.search_keyword_impl(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer)'::regprocedure,
       'memory_store.search_semantic_impl(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::regprocedure,
       'memory_store.search_hybrid_impl(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer)'::regprocedure;

DO $$
DECLARE
    v_response jsonb;
    v_signature text;
    v_function regprocedure;
BEGIN
    -- the typed searches, or their successors with p_rank_by and p_as_of (change search_explained)
    FOREACH v_signature IN ARRAY ARRAY[
        'memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer',
        'memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text',
        'memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer'] LOOP
        v_function := coalesce(to_regprocedure(v_signature || ')'), to_regprocedure(v_signature || ', text, timestamptz)'));
        IF v_function IS NULL THEN
            RAISE EXCEPTION 'api_search: % is missing', v_signature || ')';
        END IF;
        IF NOT has_function_privilege('memory_agent', v_function, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call the search functions';
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions
                    WHERE action = 'search' AND handler = 'memory_store.dispatch_search(jsonb, text)'::regprocedure
                      AND operation = 'search') THEN
        RAISE EXCEPTION 'dispatch action search is not registered';
    END IF;
    -- Behaviour: an odd query is an empty result, not an error.
    v_response := memory.dispatch('{"action": "search", "request_id": "verify", "payload": {"query": "!!! &|"}}'::jsonb);
    IF v_response ->> 'status' <> 'success' OR (v_response #>> '{data,total_count}')::integer <> 0 THEN
        RAISE EXCEPTION 'search action failed: %', v_response;
    END IF;
    v_response := memory.dispatch('{"action": "search", "payload": {"query": "x", "search_type": "fuzzy"}}'::jsonb);
    IF v_response #>> '{error,code}' IS DISTINCT FROM 'validation_error' THEN
        RAISE EXCEPTION 'unknown search_type is not a validation_error: %', v_response;
    END IF;
END
$$;

ROLLBACK;
