-- Verify memory-orchestrator:erase_user on pg
-- The function, its owner and privileges, the receipt table, the index,
-- and the log still refusing an update outside an erasure.
BEGIN;

DO $$
BEGIN
    IF (SELECT proowner::regrole::text FROM pg_catalog.pg_proc
         WHERE oid = 'memory_store.erase_user(text)'::regprocedure) <> 'memory_maintainer' THEN
        RAISE EXCEPTION 'erase_user: memory_store.erase_user is not owned by memory_maintainer';
    END IF;
    IF has_function_privilege('memory_agent', 'memory_store.erase_user(text)', 'EXECUTE')
       OR NOT has_function_privilege('memory_dba', 'memory_store.erase_user(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'erase_user: EXECUTE on memory_store.erase_user is not the DBA''s alone';
    END IF;
    IF to_regclass('memory_store.erasure_receipts') IS NULL
       OR to_regclass('memory_store.idx_memory_access_logs_user_id') IS NULL THEN
        RAISE EXCEPTION 'erase_user: the receipt table or the access log''s user index is missing';
    END IF;
    IF memory_store.erasure_in_progress() IS NOT NULL THEN
        RAISE EXCEPTION 'erase_user: an erasure reads as in progress outside erase_user';
    END IF;
END
$$;

ROLLBACK;
