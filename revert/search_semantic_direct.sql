-- Revert memory-orchestrator:search_semantic_direct from pg
-- The layered semantic search of search_call_cost again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory/search/search_semantic.v4.sql
\ir ../functions/history/memory_store/search/search_audited.v2.sql

DROP FUNCTION memory_store.search_semantic_direct(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text);
DROP FUNCTION memory_store.search_audit_request(memory_store.search_request);

COMMIT;
