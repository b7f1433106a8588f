-- Verify memory-orchestrator:api_profiles on pg
BEGIN;

SELECT 'memory.user_profile'::regtype,
       'memory.upsert_user_profile(text, jsonb, jsonb, boolean)'::regprocedure,
       'memory.set_preference(text, text, jsonb)'::regprocedure,
       'memory.remove_preference(text, text)'::regprocedure,
       'memory.get_user_profile(text)'::regprocedure,
       'memory_store.upsert_user_profile_impl(text, jsonb, jsonb, boolean)'::regprocedure,
       'memory_store.set_preference_impl(text, text, jsonb)'::regprocedure,
       'memory_store.remove_preference_impl(text, text)'::regprocedure,
       'memory_store.get_user_profile_impl(text)'::regprocedure;

DO $$
DECLARE
    v_function text;
    v_action text;
    v_profile memory.user_profile;
BEGIN
    FOREACH v_function IN ARRAY ARRAY['memory.upsert_user_profile(text, jsonb, jsonb, boolean)',
                                      'memory.set_preference(text, text, jsonb)',
                                      'memory.remove_preference(text, text)', 'memory.get_user_profile(text)'] LOOP
        IF NOT has_function_privilege('memory_agent', v_function, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call %', v_function;
        END IF;
        IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = v_function::regprocedure) THEN
            RAISE EXCEPTION '% is not SECURITY DEFINER', v_function;
        END IF;
    END LOOP;
    FOREACH v_action IN ARRAY ARRAY['upsert_profile', 'set_preference', 'remove_preference', 'get_profile'] LOOP
        IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = v_action) THEN
            RAISE EXCEPTION 'dispatch action % is not registered', v_action;
        END IF;
    END LOOP;
    -- Behaviour, rolled back with the verify transaction.
    PERFORM memory.upsert_user_profile('verify-api-profiles', '{"name": "v"}', '{"a": 1}');
    PERFORM memory.set_preference('verify-api-profiles', 'b', '2');
    v_profile := memory.upsert_user_profile('verify-api-profiles', p_is_active => false);
    IF v_profile.preferences IS DISTINCT FROM '{"a": 1, "b": 2}'::jsonb
       OR v_profile.profile_data IS DISTINCT FROM '{"name": "v"}'::jsonb OR v_profile.is_active THEN
        RAISE EXCEPTION 'profile merge semantics are wrong: %', to_jsonb(v_profile);
    END IF;
    IF (memory.remove_preference('verify-api-profiles', 'a')).preferences IS DISTINCT FROM '{"b": 2}'::jsonb THEN
        RAISE EXCEPTION 'memory.remove_preference does not remove the key';
    END IF;
    IF memory.get_user_profile('verify-api-profiles-none') IS NOT NULL THEN
        RAISE EXCEPTION 'memory.get_user_profile of an unknown user is not NULL';
    END IF;
END
$$;

ROLLBACK;
