-- Verify memory-orchestrator:session_search_one_statement on pg
-- The direct search scans a small session and walks the HNSW index in its
-- own statements, and checks the common request by one expression.
BEGIN;

DO $$
DECLARE
    v_src text := (SELECT p.prosrc FROM pg_catalog.pg_proc p
                    WHERE p.oid = 'memory_store.search_semantic_direct(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text)'::pg_catalog.regprocedure);
BEGIN
    IF pg_catalog.strpos(v_src, 'memory_store.search_semantic_scan(''session''') = 0
       OR pg_catalog.strpos(v_src, 'memory_store.search_semantic_scan(''hnsw''') = 0
       OR pg_catalog.strpos(v_src, 'OR v_again THEN') = 0
       OR pg_catalog.strpos(v_src, 'ELSE
        PERFORM memory_store.search_check_semantic(') = 0 THEN
        RAISE EXCEPTION 'session_search_one_statement: memory_store.search_semantic_direct does not take the common searches'' candidates in its own statements';
    END IF;
END
$$;

ROLLBACK;
