-- Verify memory-orchestrator:api_summarize on pg
BEGIN;

SELECT 'memory.summarize_session(text, text[], timestamptz, timestamptz, integer, boolean)'::regprocedure,
       'memory_store.summarize_session_impl(text, text[], timestamptz, timestamptz, integer, boolean)'::regprocedure,
       'memory_store.summarize_texts(text[], integer)'::regprocedure,
       'memory_store.dispatch_summarize(jsonb, text)'::regprocedure;

DO $$
DECLARE
    v_fn oid := 'memory_store.summarize_texts(text[], integer)'::regprocedure;
    v_summary text;
BEGIN
    IF NOT has_function_privilege('memory_agent', 'memory.summarize_session(text, text[], timestamptz, timestamptz, integer, boolean)', 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_agent cannot call memory.summarize_session';
    END IF;
    IF (SELECT p.proowner <> 'memory_owner'::regrole OR p.prosecdef FROM pg_catalog.pg_proc p WHERE p.oid = v_fn) THEN
        RAISE EXCEPTION 'memory_store.summarize_texts must be owned by memory_owner and SECURITY INVOKER';
    END IF;
    IF has_function_privilege('public', v_fn, 'EXECUTE') OR has_function_privilege('memory_agent', v_fn, 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_store.summarize_texts must not be executable by PUBLIC or memory_agent';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = 'summarize') THEN
        RAISE EXCEPTION 'the summarize dispatch action is not registered';
    END IF;
    v_summary := memory_store.summarize_texts(
        ARRAY['The train leaves at nine. The weather is fine.', 'Book the train to Lyon. Pack an umbrella.'], 2);
    IF v_summary IS DISTINCT FROM 'The train leaves at nine. Book the train to Lyon.' THEN
        RAISE EXCEPTION 'memory_store.summarize_texts summarizes wrongly: %', v_summary;
    END IF;
END
$$;

ROLLBACK;
