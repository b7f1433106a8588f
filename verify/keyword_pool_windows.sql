-- Verify memory-orchestrator:keyword_pool_windows on pg
-- The keyword candidates gather each pool in windows of created_at, a window
-- gated on the ones before, without parallel workers, and keep their owner
-- (memory_maintainer, which the GIN match needs).
BEGIN;

DO $$
DECLARE
    v_fn  pg_catalog.regprocedure := 'memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer)'::pg_catalog.regprocedure;
    v_src text := (SELECT p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = v_fn);
BEGIN
    IF pg_catalog.strpos(v_src, '%1$s_%2$s AS MATERIALIZED') = 0 OR pg_catalog.strpos(v_src, 'me.created_at >= $17[%s]') = 0
       OR pg_catalog.strpos(v_src, ' < $13') = 0 THEN
        RAISE EXCEPTION 'keyword_pool_windows: memory_store.search_keyword_candidates does not gather its pools in gated windows';
    END IF;
    IF pg_catalog.strpos(v_src, 'set_config(''max_parallel_workers_per_gather'', ''0'', true)') = 0 THEN
        RAISE EXCEPTION 'keyword_pool_windows: memory_store.search_keyword_candidates must read its windows without parallel workers';
    END IF;
    IF (SELECT p.proowner::pg_catalog.regrole::text FROM pg_catalog.pg_proc p WHERE p.oid = v_fn) <> 'memory_maintainer' THEN
        RAISE EXCEPTION 'keyword_pool_windows: memory_store.search_keyword_candidates must be owned by memory_maintainer';
    END IF;
END
$$;

ROLLBACK;
