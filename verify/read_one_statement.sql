-- Verify memory-orchestrator:read_one_statement on pg
-- read_memory_impl takes the audit request and writes the row itself;
-- audit_context is inlinable (SQL, no SET clause, not SECURITY DEFINER).
BEGIN;

DO $$
BEGIN
    IF pg_catalog.to_regprocedure('memory_store.read_memory_impl(text, boolean, jsonb)') IS NULL
       OR pg_catalog.to_regprocedure('memory_store.read_memory_impl(text, boolean)') IS NOT NULL THEN
        RAISE EXCEPTION 'read_one_statement: read_memory_impl(text, boolean, jsonb) is not the only body';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = 'memory_store.read_memory_impl(text, boolean, jsonb)'::regprocedure
                      AND p.provolatile = 'v' AND p.prosrc LIKE '%INSERT INTO memory_store.memory_access_logs%') THEN
        RAISE EXCEPTION 'read_one_statement: read_memory_impl does not write the audit row';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = 'memory_store.audit_context()'::regprocedure
                      AND l.lanname = 'sql' AND p.proconfig IS NULL AND NOT p.prosecdef) THEN
        RAISE EXCEPTION 'read_one_statement: audit_context is missing or not inlinable';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgname = 'memory_access_logs_write_commit')
       OR pg_catalog.pg_get_functiondef('memory_store.audit(text, text, text, jsonb, boolean, text)'::regprocedure)
          NOT LIKE '%audit_read_commit(true)%' THEN
        RAISE EXCEPTION 'read_one_statement: the durable commit of a write is still the trigger''s';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory.read_memory(text, boolean, timestamptz)'::regprocedure)
       NOT LIKE '%read_memory_impl(p_memory_id, p_include_inactive, v_request)%' THEN
        RAISE EXCEPTION 'read_one_statement: read_memory does not read and audit in one statement';
    END IF;
END
$$;

ROLLBACK;
