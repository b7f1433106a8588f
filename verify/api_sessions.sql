-- Verify memory-orchestrator:api_sessions on pg
BEGIN;

SELECT 'memory.session_record'::regtype;
SELECT 'memory.start_session(text, text, text, jsonb)'::regprocedure,
       'memory.end_session(text, text, boolean)'::regprocedure,
       'memory.touch_session(text)'::regprocedure,
       'memory.get_session(text)'::regprocedure,
       'memory_store.start_session_impl(text, text, text, jsonb)'::regprocedure,
       'memory_store.dispatch_create_session(jsonb, text)'::regprocedure;

DO $$
DECLARE
    v_session memory.session_record;
    v_fn text;
BEGIN
    FOREACH v_fn IN ARRAY ARRAY['memory.start_session(text, text, text, jsonb)', 'memory.end_session(text, text, boolean)',
                                'memory.touch_session(text)', 'memory.get_session(text)'] LOOP
        IF NOT has_function_privilege('memory_agent', v_fn, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call %', v_fn;
        END IF;
        IF NOT (SELECT p.prosecdef FROM pg_catalog.pg_proc p WHERE p.oid = v_fn::regprocedure) THEN
            RAISE EXCEPTION '% is not SECURITY DEFINER', v_fn;
        END IF;
    END LOOP;
    IF (SELECT count(*) FROM memory_store.dispatch_actions
         WHERE action IN ('create_session', 'end_session', 'touch_session', 'get_session')) <> 4 THEN
        RAISE EXCEPTION 'the session dispatch actions are not all registered';
    END IF;
    -- Behaviour (rolled back with the verify transaction).
    v_session := memory.start_session('verify-session', 'verify-user');
    v_session := memory.end_session('verify-session', 'done');
    IF v_session.ended_at IS NULL OR v_session.summary <> 'done' THEN
        RAISE EXCEPTION 'memory.end_session does not end the session';
    END IF;
    IF (memory.dispatch('{"action": "get_session", "session_id": "verify-session"}'::jsonb) #>> '{data,user_id}')
       IS DISTINCT FROM 'verify-user' THEN
        RAISE EXCEPTION 'dispatch get_session does not answer';
    END IF;
END
$$;

ROLLBACK;
