-- Verify memory-orchestrator:api_dispatch on pg
BEGIN;

SELECT 'memory.dispatch(jsonb)'::regprocedure, 'memory.dispatch(text)'::regprocedure;

DO $$
BEGIN
    IF NOT has_function_privilege('memory_agent', 'memory.dispatch(jsonb)', 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_agent cannot call memory.dispatch';
    END IF;
    IF (memory.dispatch('{"action": "health", "request_id": "verify"}'::jsonb) ->> 'status') <> 'success' THEN
        RAISE EXCEPTION 'memory.dispatch health check failed';
    END IF;
END
$$;

ROLLBACK;
