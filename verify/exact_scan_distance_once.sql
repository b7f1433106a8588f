-- Verify memory-orchestrator:exact_scan_distance_once on pg
-- The exact branches sort the distance of a fenced subquery, not an
-- expression computed beside it.
BEGIN;

DO $$
DECLARE
    v_src text := (SELECT p.prosrc FROM pg_catalog.pg_proc p
                    WHERE p.oid = 'memory_store.search_semantic_scan(text, text, extensions.vector, boolean, text[], text, text, text, text[], timestamptz, timestamptz, text, integer)'::pg_catalog.regprocedure);
BEGIN
    IF pg_catalog.strpos(v_src, 'OFFSET 0) AS x') = 0 OR pg_catalog.strpos(v_src, 'ORDER BY x.distance') = 0
       OR pg_catalog.strpos(v_src, ') + 0') > 0 THEN
        RAISE EXCEPTION 'exact_scan_distance_once: memory_store.search_semantic_scan does not sort a fenced distance';
    END IF;
END
$$;

ROLLBACK;
