-- Verify memory-orchestrator:search_ranked on pg
-- Behaviour, not text: any-term matching, the term budget, the index and
-- the trigger of the read-commit lever.
BEGIN;

DO $$
DECLARE
    v_q record;
BEGIN
    v_q := memory_store.search_any_term(websearch_to_tsquery('english', 'coffee flight -decaf'));
    IF v_q.match_query::text <> '( ''coffe'' | ''flight'' ) & !''decaf''' THEN
        RAISE EXCEPTION 'search_ranked: any-term match of "coffee flight -decaf" is %', v_q.match_query;
    END IF;
    BEGIN
        PERFORM memory_store.search_tsquery(
            (SELECT string_agg('word' || g, ' ') FROM generate_series(1, (SELECT max_query_terms + 1 FROM memory_store.search_budget())) AS g));
        RAISE EXCEPTION 'search_ranked: a query over the term budget was accepted';
    EXCEPTION WHEN program_limit_exceeded THEN
        NULL;
    END;
    IF to_regclass('memory_store.idx_memory_entries_user_text_content') IS NULL THEN
        RAISE EXCEPTION 'search_ranked: index idx_memory_entries_user_text_content is missing';
    END IF;
    IF to_regclass('memory_store.idx_vector_embeddings_user_id') IS NULL THEN
        RAISE EXCEPTION 'search_ranked: index idx_vector_embeddings_user_id is missing';
    END IF;
    -- or (read_one_statement) memory_store.audit puts the durable commit back
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                    WHERE tgname = 'memory_access_logs_write_commit'
                      AND tgrelid = 'memory_store.memory_access_logs'::regclass)
       AND pg_catalog.pg_get_functiondef('memory_store.audit(text, text, text, jsonb, boolean, text)'::regprocedure)
           NOT LIKE '%audit_read_commit(true)%' THEN
        RAISE EXCEPTION 'search_ranked: trigger memory_access_logs_write_commit is missing';
    END IF;
    -- change semantic_filter_columns replaces it with search_semantic_candidates
    IF to_regprocedure('memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[], timestamptz, timestamptz, boolean, text, integer)') IS NULL THEN
        PERFORM memory_store.search_vector_sql('true', false, true, false);
    END IF;
    PERFORM 'memory_store.audit_read_commit(boolean)'::regprocedure;
END
$$;

ROLLBACK;
