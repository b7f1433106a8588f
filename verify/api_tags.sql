-- Verify memory-orchestrator:api_tags on pg
BEGIN;

SELECT 'memory.add_tags(text, text[])'::regprocedure,
       'memory.remove_tags(text, text[])'::regprocedure,
       'memory.list_tags(text)'::regprocedure,
       'memory.tag_counts(text)'::regprocedure,
       'memory_store.add_tags_impl(text, text[])'::regprocedure,
       'memory_store.remove_tags_impl(text, text[])'::regprocedure,
       'memory_store.list_tags_impl(text)'::regprocedure,
       'memory_store.tag_counts_impl(text)'::regprocedure;

DO $$
DECLARE
    v_function text;
    v_action text;
BEGIN
    FOREACH v_function IN ARRAY ARRAY['memory.add_tags(text, text[])', 'memory.remove_tags(text, text[])',
                                      'memory.list_tags(text)', 'memory.tag_counts(text)'] LOOP
        IF NOT has_function_privilege('memory_agent', v_function, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call %', v_function;
        END IF;
        IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = v_function::regprocedure) THEN
            RAISE EXCEPTION '% is not SECURITY DEFINER', v_function;
        END IF;
    END LOOP;
    FOREACH v_action IN ARRAY ARRAY['add_tags', 'remove_tags', 'list_tags', 'tag_counts'] LOOP
        IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = v_action) THEN
            RAISE EXCEPTION 'dispatch action % is not registered', v_action;
        END IF;
    END LOOP;
    -- Behaviour, on a memory made and rolled back with the verify transaction.
    INSERT INTO memory_store.memory_entries (memory_id, memory_type, content)
    VALUES ('verify-api-tags', 'context', '{"text": "verify"}');
    IF memory.add_tags('verify-api-tags', ARRAY['b', 'a', 'a']) IS DISTINCT FROM ARRAY['a', 'b'] THEN
        RAISE EXCEPTION 'memory.add_tags does not return the sorted distinct tags';
    END IF;
    IF memory.add_tags('verify-api-tags', ARRAY['a']) IS DISTINCT FROM ARRAY['a', 'b'] THEN
        RAISE EXCEPTION 'memory.add_tags is not idempotent';
    END IF;
    IF memory.remove_tags('verify-api-tags', ARRAY['a']) IS DISTINCT FROM ARRAY['b'] THEN
        RAISE EXCEPTION 'memory.remove_tags does not remove';
    END IF;
    IF (memory.dispatch('{"action": "list_tags", "payload": {"memory_id": "no-such-memory"}}') #>> '{error,code}')
       IS DISTINCT FROM 'memory_not_found' THEN
        RAISE EXCEPTION 'list_tags of an unknown memory is not memory_not_found';
    END IF;
END
$$;

ROLLBACK;
