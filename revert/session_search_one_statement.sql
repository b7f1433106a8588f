-- Revert memory-orchestrator:session_search_one_statement from pg
-- A search within one session asks search_semantic_candidates again, and
-- every request goes through both validators.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/search/search_semantic_direct.v1.sql

COMMIT;
