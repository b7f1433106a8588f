-- Deploy memory-orchestrator:search_explained to pg
-- requires: search_ranked
-- requires: history_table
-- Explainable ranking and search in time (issue 17, points 4 and 2):
--   memory.search_result gains score_components (jsonb): what each score
--   was made of - keyword score and rank, semantic similarity and rank, the
--   fused RRF value, the recency and priority factors of rank_by blended.
--   memory.search_keyword / _semantic / _hybrid take p_rank_by
--   ('relevance' | 'blended') and p_as_of; one body for the three
--   (memory_store.search_audited, search_run, search_relevance), the
--   blended re-rank (search_blend, search_half_life), the search of the
--   store as it stood then (search_as_of_impl), the semantic checks in one
--   place (search_check_semantic); dispatch `search` takes rank_by and
--   as_of and says search_metadata.complete (docs/ranking.md).
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

ALTER TYPE memory.search_result ADD ATTRIBUTE score_components jsonb;
COMMENT ON TYPE memory.search_result IS
'A search hit: the memory, its tags, score (higher is better: ts_rank, cosine similarity, RRF or the blended value of rank_by blended), similarity_score (cosine similarity, NULL for keyword search) and score_components (the parts of score, docs/ranking.md)';

-- One search request, as the typed functions and dispatch ask it: the value
-- search_audited, search_run, search_relevance and search_as_of_impl pass on.
-- Its attribute names are the keys of the search's audit row (request_data),
-- the embedding aside (its dimension is recorded).
CREATE TYPE memory_store.search_request AS (
    search_type      text,
    query            text,
    embedding        extensions.vector,
    memory_types     text[],
    session_id       text,
    user_id          text,
    source_agent     text,
    tags             text[],
    created_after    timestamptz,
    created_before   timestamptz,
    include_inactive boolean,
    "limit"          integer,
    min_similarity   double precision,
    embedding_model  text,
    rrf_k            integer,
    rank_by          text,
    as_of            timestamptz
);
COMMENT ON TYPE memory_store.search_request IS
'One search: search_type and the parameters of the typed searches (memory_store.search_audited, search_run, search_relevance, search_as_of_impl)';

-- The typed searches gain two parameters: a new signature, so the old one goes.
DROP FUNCTION memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer);
DROP FUNCTION memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz,
                                     boolean, integer, double precision, text);
DROP FUNCTION memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz,
                                   boolean, integer, double precision, text, integer);

\ir ../functions/memory_store/search/search_check_semantic.v1.sql
\ir ../functions/memory_store/search/search_keyword_impl.v3.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v3.sql
\ir ../functions/history/memory_store/search/search_hybrid_impl.v4.sql
\ir ../functions/memory_store/search/search_as_of_matches.v1.sql
\ir ../functions/history/memory_store/search/search_as_of_impl.v1.sql
\ir ../functions/memory_store/search/search_half_life.v1.sql
\ir ../functions/memory_store/search/search_blend.v1.sql
\ir ../functions/memory_store/search/search_relevance.v1.sql
\ir ../functions/memory_store/search/search_run.v1.sql
\ir ../functions/history/memory_store/search/search_audited.v1.sql
\ir ../functions/memory_store/search/dispatch_search.v2.sql
\ir ../functions/history/memory/search/search_keyword.v3.sql
\ir ../functions/history/memory/search/search_semantic.v3.sql
\ir ../functions/history/memory/search/search_hybrid.v3.sql

GRANT EXECUTE ON FUNCTION
    memory.search_keyword(text, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, text,
                          timestamptz),
    memory.search_semantic(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer,
                           double precision, text, text, timestamptz),
    memory.search_hybrid(text, extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean,
                         integer, double precision, text, integer, text, timestamptz)
    TO memory_agent;

COMMIT;
