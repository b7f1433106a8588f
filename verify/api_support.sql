-- Verify memory-orchestrator:api_support on pg
BEGIN;

SELECT 'memory.memory_record'::regtype, 'memory.search_result'::regtype;
SELECT 'memory_store.error_code(text)'::regprocedure,
       'memory_store.audit(text, text, text, jsonb, boolean, text)'::regprocedure,
       'memory_store.audit_autonomous(text, text, text, jsonb, boolean, text)'::regprocedure,
       'memory_store.sanitize_request(jsonb, integer)'::regprocedure,
       'memory_store.check_content(jsonb)'::regprocedure,
       'memory_store.vector_from_json(text, jsonb)'::regprocedure;
SELECT action, handler, operation FROM memory_store.dispatch_actions WHERE false;

DO $$
BEGIN
    IF memory_store.error_code('MO001') <> 'memory_not_found' OR memory_store.error_code('22023') <> 'validation_error'
       OR memory_store.error_code('XX000') <> 'internal_error' THEN
        RAISE EXCEPTION 'memory_store.error_code maps SQLSTATEs wrongly';
    END IF;
    IF memory_store.sanitize_request('{"api_key": "s3cret"}') ->> 'api_key' <> '[REDACTED]' THEN
        RAISE EXCEPTION 'memory_store.sanitize_request does not redact secrets';
    END IF;
END
$$;

ROLLBACK;
