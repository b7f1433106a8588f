-- Deploy memory-orchestrator:search_ranked to pg
-- requires: function_layout
-- requires: managed_server
-- The read and search path at the speed of bare PostgreSQL, and keyword
-- search as ranked retrieval (issue 16; the keyword budget of issue 15):
--   search_tsquery v2             a budget of 32 distinct terms after
--                                 normalisation, 54000 before any row is read
--   search_any_term, search_budget (new) any-term matching of a web-search
--                                 query: quotes, -, or honoured
--   search_keyword_candidates v2  ranked any-term retrieval over a bounded
--                                 pool (ts_rank over the query's units)
--   search_exact_user, search_vector_sql (new), search_semantic_impl v2,
--   search_hybrid_impl v3         candidates find their memory through the
--                                 registry (one partition probed, not all);
--                                 the common statements are static (planned
--                                 once); a tenant with few vectors is
--                                 scanned exactly (index on user_id)
--   audit_read_commit, memory_access_logs_write_commit (new), read_memory v3,
--   batch_read_memories v2, search_keyword / _semantic / _hybrid v2
--                                 a read-only call's audit row commits
--                                 without waiting for the WAL flush when
--                                 the transaction wrote nothing else;
--                                 sensitive reads and later writes stay
--                                 durable (docs/audit.md)
--   idx_memory_entries_user_text_content (btree_gin): a tenant's keyword
--                                 matches without every tenant's
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/search/search_budget.v1.sql
\ir ../functions/memory_store/search/search_any_term.v1.sql
\ir ../functions/memory_store/search/search_tsquery.v2.sql
\ir ../functions/memory_store/search/search_exact_user.v1.sql
\ir ../functions/history/memory_store/search/search_vector_sql.v1.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v2.sql
\ir ../functions/history/memory_store/search/search_hybrid_impl.v3.sql
\ir ../functions/history/memory_store/audit/audit_read_commit.v1.sql
\ir ../functions/history/memory_store/audit/memory_access_logs_write_commit.v1.sql
\ir ../functions/history/memory/memories/read_memory.v3.sql
\ir ../functions/history/memory/memories/batch_read_memories.v2.sql
\ir ../functions/history/memory/search/search_keyword.v2.sql
\ir ../functions/history/memory/search/search_semantic.v2.sql
\ir ../functions/history/memory/search/search_hybrid.v2.sql

-- The exact scan of a small tenant's vectors, and its size check.
CREATE INDEX idx_vector_embeddings_user_id ON memory_store.vector_embeddings (user_id);

RESET ROLE;
-- An agent's keyword search reads only its tenant's matches: the GIN index on
-- (user_id, the text) intersects the tenant's entries with the terms' in the
-- index, where the text-only index hands every tenant's matches to the heap
-- to be read and filtered (docs/benchmarks.md: the worst legal query).
-- btree_gin gives GIN
-- the equality on user_id; it is a trusted extension (PostgreSQL 13+), so a
-- database owner may create it on a managed server too.
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA extensions;
SET LOCAL ROLE memory_owner;
CREATE INDEX idx_memory_entries_user_text_content ON memory_store.memory_entries
    USING gin (user_id, to_tsvector('english'::regconfig, text_content));

-- A write after a read in one transaction commits durably again.
CREATE TRIGGER memory_access_logs_write_commit
    BEFORE INSERT ON memory_store.memory_access_logs
    FOR EACH ROW WHEN (NEW.operation NOT IN ('read', 'search'))
    EXECUTE FUNCTION memory_store.memory_access_logs_write_commit();

RESET ROLE;

-- Owned by memory_maintainer: replaced as the deploying role (see
-- function_layout), so it keeps its owner and grants.
\ir ../functions/history/memory_store/search/search_keyword_candidates.v2.sql

COMMIT;
