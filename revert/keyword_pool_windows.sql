-- Revert memory-orchestrator:keyword_pool_windows from pg
-- One read of every partition per pool again.
BEGIN;

\ir ../functions/history/memory_store/search/search_keyword_candidates.v2.sql

COMMIT;
