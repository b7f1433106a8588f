-- Revert memory-orchestrator:search_call_cost from pg
-- The search path's helpers of write_path_cost again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/support/limits.v1.sql
\ir ../functions/history/memory_store/search/search_budget.v1.sql
\ir ../functions/history/memory_store/search/search_hnsw_settings.v3.sql
\ir ../functions/history/memory_store/search/search_audited.v1.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v4.sql
\ir ../functions/history/memory/search/search_keyword.v3.sql
\ir ../functions/history/memory/search/search_semantic.v3.sql
\ir ../functions/history/memory/search/search_hybrid.v3.sql

COMMIT;
