-- memory_store.search_budget() RETURNS TABLE(max_query_terms integer,
--     max_ranked_candidates integer, exact_scan_max_vectors integer)
--
-- The bounds of one search call, in one place (docs/api.md, "Search"):
--   max_query_terms        distinct lexemes of a keyword query after
--                          normalisation (english stemming, stop words out,
--                          duplicates counted once), negated ones included;
--                          more is refused with 54000 before any row is read
--   max_ranked_candidates  rows a keyword search ranks at most: every memory
--                          that holds all the query's terms and the most
--                          recent ones that hold any, up to this many each
--   exact_scan_max_vectors a tenant with at most this many embeddings is
--                          searched exactly (no HNSW graph walk)
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.search_budget();

CREATE OR REPLACE FUNCTION memory_store.search_budget()
RETURNS TABLE (max_query_terms integer, max_ranked_candidates integer, exact_scan_max_vectors integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT 32, 500, 2000 $fn$;

COMMENT ON FUNCTION memory_store.search_budget() IS 'The bounds of one search call: distinct query terms after normalisation (54000 above it), keyword rows ranked at most, and the embedding count up to which a tenant is searched exactly rather than through the HNSW graph.
Example: SELECT * FROM memory_store.search_budget();';
