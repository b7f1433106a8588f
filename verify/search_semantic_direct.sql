-- Verify memory-orchestrator:search_semantic_direct on pg
-- memory.search_semantic calls the direct path; the direct path bounds the
-- rows' statement by the candidates' created_at span (the partition
-- pruning it exists for); search_audited records the request through
-- search_audit_request; neither new function is executable by PUBLIC.
BEGIN;

DO $$
BEGIN
    IF pg_catalog.pg_get_functiondef('memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, text, timestamptz)'::pg_catalog.regprocedure)
       NOT LIKE '%memory_store.search_semantic_direct(%' THEN
        RAISE EXCEPTION 'search_semantic_direct: memory.search_semantic does not call the direct path';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory_store.search_semantic_direct(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::pg_catalog.regprocedure)
       NOT LIKE '%BETWEEN v_from AND v_to%' THEN
        RAISE EXCEPTION 'search_semantic_direct: memory_store.search_semantic_direct does not bound its rows by the candidates'' span';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory_store.search_audited(memory_store.search_request)'::pg_catalog.regprocedure)
       NOT LIKE '%memory_store.search_audit_request(%' THEN
        RAISE EXCEPTION 'search_semantic_direct: memory_store.search_audited is not v3';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.search_semantic_direct(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::pg_catalog.regprocedure,
                                'memory_store.search_audit_request(memory_store.search_request)'::pg_catalog.regprocedure)
                  AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')) THEN
        RAISE EXCEPTION 'search_semantic_direct: a new function is executable by PUBLIC';
    END IF;
END
$$;

ROLLBACK;
