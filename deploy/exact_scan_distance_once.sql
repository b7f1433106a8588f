-- Deploy memory-orchestrator:exact_scan_distance_once to pg
-- requires: moved_memory_rows
-- The exact scan of a session's or a small user's vectors computes each
-- distance once (issue 16, point 2: a search within one session). It
-- ordered by the distance + 0, an expression no index has, so that it
-- sorted rather than walked the graph; PostgreSQL computed that expression
-- and the distance it returns apart, detoasting each vector twice. The
-- distances now come from a fenced subquery (OFFSET 0) and the sort is on
-- its column, which no index offers either.
--   search_semantic_scan v2
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/search/search_semantic_scan.v2.sql

COMMIT;
