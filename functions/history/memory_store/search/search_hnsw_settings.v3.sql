-- memory_store.search_hnsw_settings(p_fetch integer) RETURNS void
--
-- The pgvector settings of one semantic candidate scan that fetches p_fetch
-- rows: ef_search by the size of the graph searched and by k
-- (greatest(floor, 2k), at most 1000, pgvector's bound), iterative scan in
-- relaxed order (the queries re-sort by distance), and room for filtered
-- scans to keep going. Set transaction-locally; the functions that call
-- this carry SET clauses for the same parameters, so the previous values
-- come back when they return.
--
-- The floor, by the graph's size (the largest HNSW graph: the table, or
-- its largest hash partition, by pg_class.reltuples; unknown counts as
-- large): 40, pgvector's default, up to 20,000 vectors; 64 up to 100,000;
-- 100 above. Why (bench/results/2026-11-25-default.md, "Tuning",
-- 2026-11-25-year-5pct.md, and the default runs of docs/benchmarks.md):
-- with m=16 / ef_construction=64, recall@10 of an unfiltered top-10 at
-- ef_search 40 was 0.949-0.971 over builds of 50,000 vectors
-- (2026-12-07-default-semantic-ef40.md: 0.949, under the 0.95 target) and
-- 0.942-0.960 at 90,000, where 100 gave 0.980-0.993 for 1.10-1.33x the
-- search time.
--
-- PL/pgSQL without a SET clause: its statement is planned once per session
-- (an SQL function with a SET clause is planned again in every call, and
-- the clause costs a save and restore of the setting); every name is
-- qualified, for the pinned search_path of the API function that calls it.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.search_hnsw_settings(v_fetch)
--   (as memory_store.search_semantic_candidates calls it)

CREATE OR REPLACE FUNCTION memory_store.search_hnsw_settings(p_fetch integer)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $fn$
DECLARE
    v_graph real;
BEGIN
    SELECT pg_catalog.max(c.reltuples) INTO v_graph
      FROM pg_catalog.pg_class c
     WHERE c.oid = 'memory_store.vector_embeddings'::pg_catalog.regclass
        OR c.oid IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits i
                      WHERE i.inhparent = 'memory_store.vector_embeddings'::pg_catalog.regclass);
    PERFORM pg_catalog.set_config('hnsw.iterative_scan', 'relaxed_order', true),
            pg_catalog.set_config('hnsw.ef_search',
                                  least(1000, greatest(CASE WHEN v_graph BETWEEN 0 AND 20000 THEN 40
                                                            WHEN v_graph BETWEEN 0 AND 100000 THEN 64
                                                            ELSE 100 END,
                                                       2 * p_fetch))::text, true),
            pg_catalog.set_config('hnsw.max_scan_tuples', least(1000000, greatest(20000, 500 * p_fetch))::text, true),
            pg_catalog.set_config('hnsw.scan_mem_multiplier', '2', true);
END
$fn$;

COMMENT ON FUNCTION memory_store.search_hnsw_settings(p_fetch integer) IS 'pgvector settings of one candidate scan of p_fetch rows (transaction-local): ef_search greatest(40 up to 20,000 vectors per graph, 64 up to 100,000, else 100; 2 * p_fetch), at most 1000; iterative scan relaxed_order; max_scan_tuples and scan_mem_multiplier for filtered scans.
Example: SELECT memory_store.search_hnsw_settings(20);';
