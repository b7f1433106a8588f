-- Revert memory-orchestrator:search_explained from pg
-- The previous bodies and signatures, then the objects this change added.
BEGIN;

SET LOCAL ROLE memory_owner;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

DROP FUNCTION memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer,
                                    text, timestamptz);
DROP FUNCTION memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz,
                                     boolean, integer, double precision, text, text, timestamptz);
DROP FUNCTION memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz,
                                   boolean, integer, double precision, text, integer, text, timestamptz);
DROP FUNCTION memory_store.search_audited(memory_store.search_request);
DROP FUNCTION memory_store.search_run(memory_store.search_request);
DROP FUNCTION memory_store.search_relevance(memory_store.search_request);
DROP FUNCTION memory_store.search_as_of_impl(memory_store.search_request);
DROP FUNCTION memory_store.search_as_of_matches(memory_store.search_request, text, text, text, text[], timestamptz,
                                               boolean, timestamptz);
DROP TYPE memory_store.search_request;
DROP FUNCTION memory_store.search_blend(memory.search_result[], integer, timestamptz);
DROP FUNCTION memory_store.search_half_life();

ALTER TYPE memory.search_result DROP ATTRIBUTE score_components;
COMMENT ON TYPE memory.search_result IS
'A search hit: the memory, its tags, score (higher is better: ts_rank_cd, cosine similarity or RRF) and similarity_score (cosine similarity, NULL for keyword search)';

\ir ../functions/history/memory_store/search/search_keyword_impl.v2.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v2.sql
\ir ../functions/history/memory_store/search/search_hybrid_impl.v3.sql
\ir ../functions/history/memory_store/search/dispatch_search.v1.sql
\ir ../functions/history/memory/search/search_keyword.v2.sql
\ir ../functions/history/memory/search/search_semantic.v2.sql
\ir ../functions/history/memory/search/search_hybrid.v2.sql

DROP FUNCTION memory_store.search_check_semantic(extensions.vector, text, double precision);

GRANT EXECUTE ON FUNCTION
    memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer),
    memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer,
                           double precision, text),
    memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean,
                         integer, double precision, text, integer)
    TO memory_agent;

COMMIT;
