-- Verify memory-orchestrator:api_agent_states on pg
BEGIN;

SELECT 'memory.agent_state'::regtype,
       'memory.save_agent_state(text, jsonb, text, integer)'::regprocedure,
       'memory.load_agent_state(text, text)'::regprocedure,
       'memory.clear_agent_state(text, text)'::regprocedure,
       'memory_store.save_agent_state_impl(text, jsonb, text, integer)'::regprocedure,
       'memory_store.load_agent_state_impl(text, text)'::regprocedure,
       'memory_store.clear_agent_state_impl(text, text)'::regprocedure;

DO $$
DECLARE
    v_function text;
    v_action text;
    v_first memory.agent_state;
    v_second memory.agent_state;
BEGIN
    FOREACH v_function IN ARRAY ARRAY['memory.save_agent_state(text, jsonb, text, integer)',
                                      'memory.load_agent_state(text, text)', 'memory.clear_agent_state(text, text)'] LOOP
        IF NOT has_function_privilege('memory_agent', v_function, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call %', v_function;
        END IF;
        IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = v_function::regprocedure) THEN
            RAISE EXCEPTION '% is not SECURITY DEFINER', v_function;
        END IF;
    END LOOP;
    FOREACH v_action IN ARRAY ARRAY['save_state', 'load_state', 'clear_state'] LOOP
        IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = v_action) THEN
            RAISE EXCEPTION 'dispatch action % is not registered', v_action;
        END IF;
    END LOOP;
    -- Behaviour: the global state (session NULL) is upserted, not duplicated.
    v_first := memory.save_agent_state('verify-api-agent-states', '{"step": 1}');
    v_second := memory.save_agent_state('verify-api-agent-states', '{"step": 2}');
    IF v_first.state_id IS DISTINCT FROM v_second.state_id
       OR (memory.load_agent_state('verify-api-agent-states')).state_data IS DISTINCT FROM '{"step": 2}'::jsonb THEN
        RAISE EXCEPTION 'memory.save_agent_state does not upsert the global state';
    END IF;
    IF NOT memory.clear_agent_state('verify-api-agent-states')
       OR memory.load_agent_state('verify-api-agent-states') IS NOT NULL THEN
        RAISE EXCEPTION 'memory.clear_agent_state does not clear';
    END IF;
END
$$;

ROLLBACK;
