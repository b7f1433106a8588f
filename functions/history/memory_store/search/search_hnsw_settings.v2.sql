-- memory_store.search_hnsw_settings(p_fetch integer) RETURNS void
--
-- The pgvector settings of one semantic candidate scan that fetches p_fetch
-- rows: ef_search follows k (greatest(100, 2k), at most 1000, pgvector's
-- bound), iterative scan in relaxed order (the queries re-sort by
-- distance), and room for filtered scans to keep going. Set transaction-
-- locally; the functions that call this carry SET clauses for the same
-- parameters, so the previous values come back when they return.
--
-- Why a floor of 100 (bench/results/2026-11-25-default.md, "Tuning", and
-- 2026-11-25-year-5pct.md): with m=16 / ef_construction=64, recall@10 of an
-- unfiltered top-10 at ef_search 40 was 0.942-0.965, under the 0.95 target;
-- at 100 it was 0.980-0.993 for 1.10-1.33x the search time and no cost to
-- writes. Raising ef_construction instead cost 1.8x the build and 1.1x
-- every insert.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.search_hnsw_settings(v_fetch)
--   (as memory_store.search_hybrid_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.search_hnsw_settings(p_fetch integer)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
           set_config('hnsw.ef_search', least(1000, greatest(100, 2 * p_fetch))::text, true),
           set_config('hnsw.max_scan_tuples', least(1000000, greatest(20000, 500 * p_fetch))::text, true),
           set_config('hnsw.scan_mem_multiplier', '2', true)
$fn$;
