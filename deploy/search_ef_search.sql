-- Deploy memory-orchestrator:search_ef_search to pg
-- requires: api_search
-- Tuning decided by the benchmark (issue 7): the floor of hnsw.ef_search in
-- semantic and hybrid search goes from 40 to 100 (reasons in
-- functions/memory_store/search_hnsw_settings.v2.sql).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/search_hnsw_settings.v2.sql

COMMIT;
