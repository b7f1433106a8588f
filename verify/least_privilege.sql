-- Verify memory-orchestrator:least_privilege on pg
BEGIN;

DO $$
BEGIN
    IF has_schema_privilege('memory_auditor', 'memory', 'USAGE') THEN
        RAISE EXCEPTION 'memory_auditor still has USAGE on schema memory';
    END IF;
    IF NOT has_table_privilege('memory_auditor', 'memory_store.memory_access_logs', 'SELECT') THEN
        RAISE EXCEPTION 'memory_auditor cannot read memory_store.memory_access_logs';
    END IF;
    IF has_schema_privilege('memory_agent', 'memory_store', 'USAGE') THEN
        RAISE EXCEPTION 'memory_agent has USAGE on schema memory_store';
    END IF;
END
$$;

ROLLBACK;
