-- Deploy memory-orchestrator:keyword_pool_windows to pg
-- requires: search_scan_branches
-- A keyword search reads the newest matches first (issue 16, point 5): each
-- pool of search_keyword_candidates (the most recent matches of any unit;
-- of every unit) is gathered in three windows of created_at, newest first,
-- and a window is read only when the newer ones fell short of the pool's
-- size. A common word no longer reads its matches in every monthly
-- partition of the year to keep the 500 most recent.
--   search_keyword_candidates v3
BEGIN;

-- Owned by memory_maintainer: replaced as the deploying role (see
-- function_layout), so it keeps its owner and grants.
\ir ../functions/memory_store/search/search_keyword_candidates.v3.sql

COMMIT;
