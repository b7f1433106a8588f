-- Deploy memory-orchestrator:search_call_cost to pg
-- requires: write_path_cost
-- The fixed cost of a search call (issue 16, point 2): what a typed
-- semantic search spent besides its candidate scan, found with
-- track_functions and removed where it bought nothing:
--   limits v2, search_budget v2   no SET clause, so they are inlined as
--                                 constants (each was an SQL function
--                                 planned again on every call, up to nine
--                                 calls a search)
--   search_hnsw_settings v4       the graph's size from the table's one
--                                 pg_class row, not a scan of pg_inherits
--   search_audited v2             the audit row written in place: no
--                                 memory look-up, and sanitize_request only
--                                 for a request it could change
--   search_semantic_impl v5       the results' tags read by the statement
--                                 itself, not by one tags_of call each
--   memory.search_semantic, search_keyword, search_hybrid v4
--                                 PL/pgSQL: planned once per session (as
--                                 SECURITY DEFINER SQL functions they were
--                                 planned again on every call)
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/support/limits.v2.sql
\ir ../functions/memory_store/search/search_budget.v2.sql
\ir ../functions/memory_store/search/search_hnsw_settings.v4.sql
\ir ../functions/history/memory_store/search/search_audited.v2.sql
\ir ../functions/memory_store/search/search_semantic_impl.v5.sql
\ir ../functions/memory/search/search_keyword.v4.sql
\ir ../functions/history/memory/search/search_semantic.v4.sql
\ir ../functions/memory/search/search_hybrid.v4.sql

COMMIT;
