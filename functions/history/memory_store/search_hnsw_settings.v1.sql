-- memory_store.search_hnsw_settings as released in search_support.v1.sql
-- (change api_search), alone (CREATE OR REPLACE), so that the revert of
-- search_ef_search can restore it.
-- The pgvector settings of one semantic candidate scan that fetches p_fetch
-- rows: ef_search follows k (greatest(40, 2k), at most 1000, pgvector's
-- bound), iterative scan in relaxed order (the queries re-sort by distance),
-- and room for filtered scans to keep going. Set transaction-locally; the
-- functions that call this carry SET clauses for the same parameters, so the
-- previous values come back when they return.
CREATE OR REPLACE FUNCTION memory_store.search_hnsw_settings(p_fetch integer)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
           set_config('hnsw.ef_search', least(1000, greatest(40, 2 * p_fetch))::text, true),
           set_config('hnsw.max_scan_tuples', least(1000000, greatest(20000, 500 * p_fetch))::text, true),
           set_config('hnsw.scan_mem_multiplier', '2', true)
$fn$;
