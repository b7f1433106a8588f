-- Deploy memory-orchestrator:access_log_no_fk to pg
-- requires: tenant_check_once
-- The audit row of a read without foreign-key checks (issue 16, point 1;
-- docs/deviations.md): the two keys of memory_access_logs (memory_id to
-- the registry, session_id to sessions) cost each audit row two look-ups
-- that lock the registry and session rows (FOR KEY SHARE, a WAL record
-- each), a sixth of an agent's read. Every writer of an audit row records
-- only ids it has just read or looked up (memory_store.audit,
-- read_memory_impl); the seed's ON DELETE SET NULL is kept by a statement
-- trigger on each referenced table.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.memory_access_logs
    DROP CONSTRAINT memory_access_logs_memory_id_fkey,
    DROP CONSTRAINT memory_access_logs_session_id_fkey;

\ir ../functions/memory_store/audit/memory_access_logs_forget_deleted.v1.sql

CREATE TRIGGER memory_access_logs_forget_deleted AFTER DELETE ON memory_store.memory_registry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION memory_store.memory_access_logs_forget_deleted('memory_id');
CREATE TRIGGER memory_access_logs_forget_deleted AFTER DELETE ON memory_store.sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION memory_store.memory_access_logs_forget_deleted('session_id');

COMMIT;
