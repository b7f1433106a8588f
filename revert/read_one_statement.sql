-- Revert memory-orchestrator:read_one_statement from pg
-- The previous bodies; read_memory_impl loses its third argument.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/audit/audit_read_commit.v2.sql
\ir ../functions/history/memory_store/audit/audit.v3.sql
\ir ../functions/history/memory_store/audit/memory_access_logs_write_commit.v1.sql
CREATE TRIGGER memory_access_logs_write_commit
    BEFORE INSERT ON memory_store.memory_access_logs
    FOR EACH ROW WHEN (NEW.operation NOT IN ('read', 'search'))
    EXECUTE FUNCTION memory_store.memory_access_logs_write_commit();
DROP FUNCTION memory_store.read_memory_impl(text, boolean, jsonb);
\ir ../functions/history/memory_store/memories/read_memory_impl.v2.sql
\ir ../functions/history/memory/memories/read_memory.v4.sql
DROP FUNCTION memory_store.audit_context();

COMMIT;
