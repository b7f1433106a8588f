-- Deploy memory-orchestrator:session_search_one_statement to pg
-- requires: exact_scan_distance_once
-- A search within one session - the call an assistant makes on every turn -
-- takes its candidates in one statement of memory_store.search_semantic_direct
-- when the session's vectors are few: the count that decides the exact scan
-- and the exact scan itself, each memory ranked at its nearest embedding.
-- It called memory_store.search_semantic_candidates, a function with seven
-- settings that ran four statements to decide the branch, scan and group.
-- A request of the common shape is validated by one expression instead of
-- two validator functions and their nested calls; the validators still
-- raise every typed error (issue 16, point 2).
--   search_semantic_direct v2
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/search/search_semantic_direct.v2.sql

COMMIT;
