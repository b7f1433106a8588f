-- Verify memory-orchestrator:memory_access_logs on pg
BEGIN;

SELECT log_id, memory_id, session_id, agent_id, operation, "timestamp",
       request_data, success, error_message, ip_address
  FROM memory_store.memory_access_logs
 WHERE false;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table
                    WHERE partrelid = 'memory_store.memory_access_logs'::regclass AND partstrat = 'r') THEN
        RAISE EXCEPTION 'memory_access_logs is not range-partitioned';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'memory_store.memory_access_logs'::regclass
                      AND pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') THEN
        RAISE EXCEPTION 'memory_access_logs has no DEFAULT partition';
    END IF;
    -- the two foreign keys, or (change access_log_no_fk) the delete
    -- triggers on both referenced tables that do their SET NULL
    IF (SELECT count(*) FROM pg_catalog.pg_constraint
         WHERE conrelid = 'memory_store.memory_access_logs'::regclass AND contype = 'f' AND confdeltype = 'n') <> 2
       AND (SELECT count(*) FROM pg_catalog.pg_trigger
             WHERE tgname = 'memory_access_logs_forget_deleted'
               AND tgrelid IN ('memory_store.memory_registry'::regclass, 'memory_store.sessions'::regclass)) <> 2 THEN
        RAISE EXCEPTION 'memory_access_logs must reference memories and sessions ON DELETE SET NULL';
    END IF;
END
$$;

ROLLBACK;
