-- Revert memory-orchestrator:api_search from pg
BEGIN;

DELETE FROM memory_store.dispatch_actions WHERE action = 'search';

DROP FUNCTION memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer);
DROP FUNCTION memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text);
DROP FUNCTION memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer);
DROP FUNCTION memory_store.dispatch_search(jsonb, text);
DROP FUNCTION memory_store.search_hybrid_impl(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text, integer);
DROP FUNCTION memory_store.search_semantic_impl(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, double precision, text);
DROP FUNCTION memory_store.search_keyword_impl(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer);
DROP FUNCTION memory_store.search_raise(text, text);
DROP FUNCTION memory_store.search_hnsw_settings(integer);
DROP FUNCTION memory_store.search_tsquery(text);
DROP FUNCTION memory_store.search_filter_sql(text[], text, text, text, text[], timestamptz, timestamptz, boolean);
DROP FUNCTION memory_store.search_check_filters(text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer);

COMMIT;
