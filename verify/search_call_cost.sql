-- Verify memory-orchestrator:search_call_cost on pg
-- Each function is the version this change deploys: limits and
-- search_budget without a SET clause (inlinable), search_hnsw_settings
-- without pg_inherits, search_audited writing its own audit row, and
-- search_semantic_impl reading tags in its statement, the three typed
-- searches PL/pgSQL.
BEGIN;

DO $$
DECLARE
    v_src text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.limits()'::pg_catalog.regprocedure,
                                'memory_store.search_budget()'::pg_catalog.regprocedure)
                  AND (p.proconfig IS NOT NULL OR p.provolatile <> 'i')) THEN
        RAISE EXCEPTION 'search_call_cost: memory_store.limits or search_budget has a SET clause or is not immutable';
    END IF;
    v_src := pg_catalog.pg_get_functiondef('memory_store.search_hnsw_settings(integer)'::pg_catalog.regprocedure);
    IF v_src LIKE '%pg_inherits%' OR v_src NOT LIKE '%pg_partition_tree%' THEN
        RAISE EXCEPTION 'search_call_cost: memory_store.search_hnsw_settings is not v4';
    END IF;
    v_src := pg_catalog.pg_get_functiondef('memory_store.search_audited(memory_store.search_request)'::pg_catalog.regprocedure);
    IF v_src LIKE '%memory_store.audit(%' OR v_src NOT LIKE '%INSERT INTO memory_store.memory_access_logs%' THEN
        RAISE EXCEPTION 'search_call_cost: memory_store.search_audited does not write its own audit row';
    END IF;
    v_src := pg_catalog.pg_get_functiondef('memory_store.search_semantic_impl(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::pg_catalog.regprocedure);
    IF v_src LIKE '%tags_of%' THEN
        RAISE EXCEPTION 'search_call_cost: memory_store.search_semantic_impl still calls tags_of per result';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE p.pronamespace = 'memory'::pg_catalog.regnamespace
           AND p.proname IN ('search_keyword', 'search_semantic', 'search_hybrid') AND l.lanname = 'plpgsql') <> 3 THEN
        RAISE EXCEPTION 'search_call_cost: the typed searches are not the PL/pgSQL versions';
    END IF;
END
$$;

ROLLBACK;
