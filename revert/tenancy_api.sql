-- Revert memory-orchestrator:tenancy_api from pg
-- The previous bodies (CREATE OR REPLACE, <name>.v1.sql; create_*_impl v2 and dispatch v3 of reliability_retries), then
-- the helpers v2 added.
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory/dispatch.v3.sql
\ir ../functions/history/memory_store/search_hybrid_impl.v1.sql
\ir ../functions/history/memory_store/search_keyword_impl.v1.sql
\ir ../functions/history/memory_store/clear_agent_state_impl.v1.sql
\ir ../functions/history/memory_store/load_agent_state_impl.v1.sql
\ir ../functions/history/memory_store/start_session_impl.v1.sql
\ir ../functions/history/memory_store/create_sensitive_memory_impl.v2.sql
\ir ../functions/history/memory_store/create_memory_impl.v2.sql

RESET ROLE;

DROP FUNCTION memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz,
                                                     timestamptz, boolean, integer);
DROP FUNCTION memory_store.session_id_taken(text);

COMMIT;
