-- Verify memory-orchestrator:audit_durable_reads on pg
-- Audit rows carry login role and tenant; a reveal is audited durably first.
BEGIN;

SELECT login_role, user_id FROM memory_store.memory_access_logs WHERE false;

DO $$
BEGIN
    IF pg_catalog.format_type((SELECT p.prorettype FROM pg_catalog.pg_proc p
                                WHERE p.oid = 'memory_store.audit_autonomous(text, text, text, jsonb, boolean, text)'::pg_catalog.regprocedure), NULL)
       <> 'boolean' THEN
        RAISE EXCEPTION 'audit_durable_reads: audit_autonomous does not say whether it wrote the row';
    END IF;
    IF pg_catalog.strpos(pg_catalog.pg_get_functiondef('memory_store.reveal_cipher(memory.memory_record, bytea, boolean)'::pg_catalog.regprocedure),
                         'audit_autonomous(''reveal''') = 0 THEN
        RAISE EXCEPTION 'audit_durable_reads: reveal_cipher does not audit the read durably';
    END IF;
    -- in audit itself, or (read_one_statement) in the audit_context it reads
    IF pg_catalog.strpos(pg_catalog.pg_get_functiondef('memory_store.audit(text, text, text, jsonb, boolean, text)'::pg_catalog.regprocedure),
                         'session_user') = 0
       AND NOT (pg_catalog.strpos(pg_catalog.pg_get_functiondef('memory_store.audit(text, text, text, jsonb, boolean, text)'::pg_catalog.regprocedure),
                                  'memory_store.audit_context()') > 0
                AND pg_catalog.strpos(pg_catalog.pg_get_functiondef(pg_catalog.to_regprocedure('memory_store.audit_context()')),
                                      'session_user') > 0) THEN
        RAISE EXCEPTION 'audit_durable_reads: audit rows do not record the login role';
    END IF;
END
$$;

ROLLBACK;
