-- Verify memory-orchestrator:api_relationships on pg
BEGIN;

SELECT 'memory.relationship'::regtype,
       'memory.relate(text, text, text, jsonb)'::regprocedure,
       'memory.unrelate(text, text, text)'::regprocedure,
       'memory.walk_relationships(text, integer, text[], text)'::regprocedure,
       'memory_store.relate_impl(text, text, text, jsonb)'::regprocedure,
       'memory_store.unrelate_impl(text, text, text)'::regprocedure,
       'memory_store.walk_relationships_impl(text, integer, text[], text)'::regprocedure;

DO $$
DECLARE
    v_function text;
    v_action text;
    v_first memory.relationship;
    v_again memory.relationship;
BEGIN
    FOREACH v_function IN ARRAY ARRAY['memory.relate(text, text, text, jsonb)', 'memory.unrelate(text, text, text)',
                                      'memory.walk_relationships(text, integer, text[], text)'] LOOP
        IF NOT has_function_privilege('memory_agent', v_function, 'EXECUTE') THEN
            RAISE EXCEPTION 'memory_agent cannot call %', v_function;
        END IF;
        IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = v_function::regprocedure) THEN
            RAISE EXCEPTION '% is not SECURITY DEFINER', v_function;
        END IF;
    END LOOP;
    FOREACH v_action IN ARRAY ARRAY['relate', 'unrelate', 'walk_relationships'] LOOP
        IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = v_action) THEN
            RAISE EXCEPTION 'dispatch action % is not registered', v_action;
        END IF;
    END LOOP;
    -- Behaviour: a cycle a -> b -> c -> a, rolled back with the verify transaction.
    INSERT INTO memory_store.memory_entries (memory_id, memory_type, content) VALUES
        ('verify-rel-a', 'context', '{}'), ('verify-rel-b', 'context', '{}'), ('verify-rel-c', 'context', '{}');
    v_first := memory.relate('verify-rel-a', 'verify-rel-b', 'next');
    v_again := memory.relate('verify-rel-a', 'verify-rel-b', 'next');
    IF v_first.relationship_id IS DISTINCT FROM v_again.relationship_id THEN
        RAISE EXCEPTION 'memory.relate is not idempotent';
    END IF;
    PERFORM memory.relate('verify-rel-b', 'verify-rel-c', 'next');
    PERFORM memory.relate('verify-rel-c', 'verify-rel-a', 'next');
    IF (SELECT array_agg(w.memory_id || ':' || w.depth ORDER BY w.depth)
          FROM memory.walk_relationships('verify-rel-a', 10) AS w) IS DISTINCT FROM ARRAY['verify-rel-b:1', 'verify-rel-c:2'] THEN
        RAISE EXCEPTION 'memory.walk_relationships does not walk the cycle a -> b -> c -> a right';
    END IF;
    IF NOT memory.unrelate('verify-rel-a', 'verify-rel-b', 'next') THEN
        RAISE EXCEPTION 'memory.unrelate did not remove the link';
    END IF;
END
$$;

ROLLBACK;
