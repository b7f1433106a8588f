-- Verify memory-orchestrator:access_log_no_fk on pg
-- No foreign key on the log; the statement triggers on both referenced
-- tables.
BEGIN;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                WHERE c.conrelid = 'memory_store.memory_access_logs'::regclass AND c.contype = 'f') THEN
        RAISE EXCEPTION 'access_log_no_fk: memory_access_logs still has a foreign key';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_trigger t
         WHERE t.tgname = 'memory_access_logs_forget_deleted'
           AND t.tgfoid = 'memory_store.memory_access_logs_forget_deleted()'::regprocedure
           AND t.tgrelid IN ('memory_store.memory_registry'::regclass, 'memory_store.sessions'::regclass)) <> 2 THEN
        RAISE EXCEPTION 'access_log_no_fk: the delete triggers are missing';
    END IF;
END
$$;

ROLLBACK;
