-- Verify memory-orchestrator:search_scan_branches on pg
-- The candidate type; the scan an SQL function the planner can inline (no
-- SET clause, not strict, not volatile, not SECURITY DEFINER, not
-- executable by PUBLIC); the candidates calling it once per branch.
BEGIN;

SELECT memory_id, memory_created_at, distance FROM (SELECT NULL::memory_store.search_candidate AS c) AS t, LATERAL (SELECT (t.c).*) AS x;

DO $$
DECLARE
    v_scan pg_catalog.regprocedure := 'memory_store.search_semantic_scan(text, text, extensions.vector, boolean, text[], text, text, text, text[], timestamptz, timestamptz, text, integer)'::pg_catalog.regprocedure;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = v_scan AND l.lanname = 'sql' AND p.proconfig IS NULL AND NOT p.proisstrict
                      AND NOT p.prosecdef AND p.provolatile <> 'v') THEN
        RAISE EXCEPTION 'search_scan_branches: memory_store.search_semantic_scan is not an inlinable SQL function';
    END IF;
    IF pg_catalog.has_function_privilege('public', v_scan, 'EXECUTE') THEN
        RAISE EXCEPTION 'search_scan_branches: memory_store.search_semantic_scan is executable by PUBLIC';
    END IF;
    IF (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(
            pg_catalog.pg_get_functiondef('memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, text, integer)'::pg_catalog.regprocedure),
            'search_semantic_scan\(''(user|session|hnsw)''', 'g')) <> 3 THEN
        RAISE EXCEPTION 'search_scan_branches: memory_store.search_semantic_candidates does not scan one branch per statement';
    END IF;
END
$$;

ROLLBACK;
