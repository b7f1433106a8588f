-- Verify memory-orchestrator:as_of_search_cost on pg
-- Kept embeddings are stored inline, and search_as_of_impl is the body that
-- scopes the kept scan and looks candidates up nearest first.
BEGIN;

DO $$
BEGIN
    IF (SELECT a.attstorage FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = 'memory_store.embedding_versions'::regclass AND a.attname = 'embedding') IS DISTINCT FROM 'p' THEN
        RAISE EXCEPTION 'as_of_search_cost: memory_store.embedding_versions.embedding is not stored inline (PLAIN)';
    END IF;
    IF NOT (SELECT p.prosrc ~ 'ordered AS \(' AND p.prosrc ~ 'k\.user_id = v_scope' FROM pg_catalog.pg_proc p
             WHERE p.oid = 'memory_store.search_as_of_impl(memory_store.search_request)'::regprocedure) THEN
        RAISE EXCEPTION 'as_of_search_cost: memory_store.search_as_of_impl is not the body of this change';
    END IF;
END
$$;

ROLLBACK;
