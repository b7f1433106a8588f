-- Deploy memory-orchestrator:api_search to pg
-- requires: api_dispatch
-- Search (issue "Agent API in SQL", point 4): memory.search_keyword,
-- memory.search_semantic, memory.search_hybrid and the dispatch action
-- `search`, over one set of filters and one result row (memory.search_result).
BEGIN;

SET LOCAL ROLE memory_owner;

-- The search functions carry SET clauses for pgvector's hnsw.* settings;
-- PostgreSQL accepts them from a non-superuser only once pgvector's library
-- has defined them in this backend, so load it first (any vector value does).
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/search_support.v1.sql
\ir ../functions/history/memory_store/search_impl.v1.sql
\ir ../functions/history/memory_store/dispatch_search.v1.sql
\ir ../functions/history/memory/search.v1.sql

GRANT EXECUTE ON FUNCTION
    memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer),
    memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text),
    memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer)
    TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('search', 'memory_store.dispatch_search(jsonb, text)', 'search',
     'Keyword, semantic or hybrid (RRF) search with filters');

COMMIT;
