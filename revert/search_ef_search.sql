-- Revert memory-orchestrator:search_ef_search from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/search_hnsw_settings.v1.sql

COMMIT;
