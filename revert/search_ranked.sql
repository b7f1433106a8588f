-- Revert memory-orchestrator:search_ranked from pg
-- The previous bodies, then the objects this change added.
BEGIN;

\ir ../functions/history/memory_store/search/search_keyword_candidates.v1.sql

SET LOCAL ROLE memory_owner;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/search/search_tsquery.v1.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v1.sql
\ir ../functions/history/memory_store/search/search_hybrid_impl.v2.sql
\ir ../functions/history/memory/memories/read_memory.v2.sql
\ir ../functions/history/memory/memories/batch_read_memories.v1.sql
\ir ../functions/history/memory/search/search_keyword.v1.sql
\ir ../functions/history/memory/search/search_semantic.v1.sql
\ir ../functions/history/memory/search/search_hybrid.v1.sql

DROP TRIGGER memory_access_logs_write_commit ON memory_store.memory_access_logs;
DROP INDEX memory_store.idx_vector_embeddings_user_id;
DROP INDEX memory_store.idx_memory_entries_user_text_content;
DROP FUNCTION memory_store.memory_access_logs_write_commit();
DROP FUNCTION memory_store.audit_read_commit(boolean);
DROP FUNCTION memory_store.search_vector_sql(text, boolean, boolean, boolean);
DROP FUNCTION memory_store.search_exact_user(text);
DROP FUNCTION memory_store.search_any_term(tsquery);
DROP FUNCTION memory_store.search_budget();

RESET ROLE;
-- only this change uses it
DROP EXTENSION IF EXISTS btree_gin;

COMMIT;
