-- Deploy memory-orchestrator:search_semantic_direct to pg
-- requires: search_call_cost
-- The common semantic search without the layers (issue 16, point 2): a
-- search ranked by relevance, now, is answered by
-- memory_store.search_semantic_direct - the candidates, then the memory
-- rows, tags and audit row in one statement pruned to the candidates'
-- partitions - instead of four layers (search_audited, search_run,
-- search_relevance, search_semantic_impl) that each ran statements of
-- their own.
--   search_audit_request v1        the audit row's request, shared by
--   search_audited v3              search_audited and the direct statement
--   search_semantic_direct v1
--   memory.search_semantic v5      the direct path first
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/search/search_audit_request.v1.sql
\ir ../functions/memory_store/search/search_audited.v3.sql
\ir ../functions/history/memory_store/search/search_semantic_direct.v1.sql
\ir ../functions/memory/search/search_semantic.v5.sql

REVOKE ALL ON FUNCTION memory_store.search_audit_request(memory_store.search_request) FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.search_semantic_direct(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text) FROM PUBLIC;

COMMIT;
