-- Verify memory-orchestrator:write_path_plans on pg
-- An embedding reads its memory once (one trigger, owned by
-- memory_maintainer, on generic plans); the write's look-ups are planned once
-- per session or inlined; the write returns its row without reading it back.
BEGIN;

DO $$
DECLARE
    v_triggers text[] := (SELECT pg_catalog.array_agg(t.tgname::text ORDER BY t.tgname) FROM pg_catalog.pg_trigger t
                           WHERE t.tgrelid = 'memory_store.vector_embeddings'::pg_catalog.regclass
                             AND NOT t.tgisinternal AND t.tgtype OPERATOR(pg_catalog.&) 2 = 2);
    v_fn      pg_catalog.regprocedure := 'memory_store.vector_embeddings_from_memory()'::pg_catalog.regprocedure;
BEGIN
    IF v_triggers IS DISTINCT FROM ARRAY['vector_embeddings_from_memory'] THEN
        RAISE EXCEPTION 'write_path_plans: the BEFORE triggers of vector_embeddings are %, not vector_embeddings_from_memory alone',
                        v_triggers;
    END IF;
    IF (SELECT p.proowner::pg_catalog.regrole::text FROM pg_catalog.pg_proc p WHERE p.oid = v_fn) <> 'memory_maintainer'
       OR NOT (SELECT 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig) FROM pg_catalog.pg_proc p WHERE p.oid = v_fn) THEN
        RAISE EXCEPTION 'write_path_plans: vector_embeddings_from_memory must be owned by memory_maintainer and run on generic plans';
    END IF;
    IF NOT (SELECT 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig) FROM pg_catalog.pg_proc p
             WHERE p.oid = 'memory_store.memory_user_id(text)'::pg_catalog.regprocedure) THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.memory_user_id must run on generic plans';
    END IF;
    IF (SELECT l.lanname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE p.oid = 'memory_store.user_id_by_session(text, text, boolean)'::pg_catalog.regprocedure) <> 'plpgsql' THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.user_id_by_session must be PL/pgSQL';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.dedupe_text(jsonb)'::pg_catalog.regprocedure,
                                'memory_store.dedupe_key(jsonb)'::pg_catalog.regprocedure)
                  AND (p.proisstrict OR p.proconfig IS NOT NULL)) THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.dedupe_text and dedupe_key must be inlinable (no SET clause, not STRICT)';
    END IF;
    IF pg_catalog.strpos((SELECT p.prosrc FROM pg_catalog.pg_proc p
                           WHERE p.oid = 'memory_store.sees_all_rows()'::pg_catalog.regprocedure), 'sees_all_tenants') > 0 THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.sees_all_rows must answer in one body';
    END IF;
    IF pg_catalog.strpos((SELECT p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = 'memory_store.create_entry(text, jsonb, text, text, text[], integer, timestamptz, integer, text, extensions.vector, text, text)'::pg_catalog.regprocedure),
                         'RETURNING memory_id, session_id') = 0 THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.create_entry must return the row it inserts';
    END IF;
    IF pg_catalog.strpos((SELECT p.prosrc FROM pg_catalog.pg_proc p
                           WHERE p.oid = 'memory_store.sanitize_request(jsonb, integer)'::pg_catalog.regprocedure),
                         'jsonb_object_agg') = 0 THEN
        RAISE EXCEPTION 'write_path_plans: memory_store.sanitize_request must rebuild an object in one statement';
    END IF;
END
$$;

ROLLBACK;
