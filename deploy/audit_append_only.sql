-- Deploy memory-orchestrator:audit_append_only to pg
-- requires: memory_access_logs
-- The access log is append-only (README, "Security model"): a row trigger
-- rejects DELETE and every UPDATE except the foreign keys' ON DELETE SET NULL
-- of memory_id / session_id (RI actions run as the table owner, so the
-- trigger judges the change, not the role); a statement trigger rejects
-- TRUNCATE of the log. Partition DETACH / DROP fire no row trigger and stay
-- the retention path.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/audit_append_only.v1.sql

CREATE TRIGGER memory_access_logs_append_only
    BEFORE UPDATE OR DELETE ON memory_store.memory_access_logs
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_access_logs_append_only();

CREATE TRIGGER memory_access_logs_no_truncate
    BEFORE TRUNCATE ON memory_store.memory_access_logs
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.memory_access_logs_append_only();

COMMIT;
