-- Verify memory-orchestrator:tenancy_api on pg
BEGIN;

SELECT 'memory_store.session_id_taken(text)'::regprocedure,
       'memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer)'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                    WHERE oid = 'memory.dispatch(jsonb)'::regprocedure AND prosrc LIKE '%may_act_for%'
                      AND prosrc LIKE '%encryption_key%' AND prosrc LIKE '%deadlock_detected%') THEN
        RAISE EXCEPTION 'memory.dispatch(jsonb) is not v4 (envelope user_id, encryption keys, retries)';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                WHERE oid IN ('memory_store.create_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text)'::regprocedure,
                              'memory_store.create_sensitive_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, text)'::regprocedure)
                  AND prosrc LIKE '%with other content%') THEN
        RAISE EXCEPTION 'create_memory_impl / create_sensitive_memory_impl still tell a taken id of the caller''s own apart';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                    WHERE oid = 'memory_store.search_keyword_impl(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer)'::regprocedure
                      AND prosrc LIKE '%search_keyword_candidates%') THEN
        RAISE EXCEPTION 'memory_store.search_keyword_impl is not v2';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                WHERE oid IN ('memory_store.session_id_taken(text)'::regprocedure,
                              'memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer)'::regprocedure)
                  AND proowner <> 'memory_maintainer'::regrole) THEN
        RAISE EXCEPTION 'session_id_taken / search_keyword_candidates must be owned by memory_maintainer';
    END IF;
    IF NOT has_function_privilege('memory_agent', 'memory.dispatch(jsonb)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.session_id_taken(text)', 'EXECUTE')
       OR NOT has_function_privilege('memory_owner', 'memory_store.session_id_taken(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'tenancy_api privileges are wrong';
    END IF;
    -- Every dispatch action still names a function.
    IF EXISTS (SELECT 1 FROM memory_store.dispatch_actions a
                WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = a.handler)) THEN
        RAISE EXCEPTION 'a dispatch action names a missing handler';
    END IF;
END
$$;

ROLLBACK;
