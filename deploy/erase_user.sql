-- Deploy memory-orchestrator:erase_user to pg
-- requires: dedupe_on_write
-- requires: history_table
-- The right to be forgotten (issue 17, point 5):
--   erasure_receipts (table)            one row per erasure: the user as a
--                                       SHA-256 hash, who asked, when, and
--                                       the rows removed or redacted per table
--   erasure_in_progress (new)           the receipt of the erasure running in
--                                       this transaction, else NULL
--   memory_access_logs_append_only v2   admits the redaction of a row while
--                                       erase_user runs, and nothing else new
--   erase_user (new)                    the DBA's call; owned by
--                                       memory_maintainer (every tenant's rows)
--   idx_memory_access_logs_user_id      the user's audit rows by index
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.erasure_receipts (
    receipt_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_hash    text NOT NULL CHECK (user_hash ~ '^[0-9a-f]{64}$'),
    requested_by name NOT NULL DEFAULT session_user,
    txid         xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    counts       jsonb);
COMMENT ON TABLE memory_store.erasure_receipts IS 'Receipts of memory_store.erase_user: the erased user as the SHA-256 (hex) of the id, the login role that asked, start and end, and rows removed or redacted per table. Holds no user id or content; the DBA reads it (SELECT), nobody writes it but erase_user.';

\ir ../functions/memory_store/audit/erasure_in_progress.v1.sql
\ir ../functions/memory_store/audit/memory_access_logs_append_only.v2.sql
\ir ../functions/memory_store/tenancy/erase_user.v1.sql

CREATE INDEX idx_memory_access_logs_user_id ON memory_store.memory_access_logs (user_id);

GRANT SELECT ON memory_store.erasure_receipts TO memory_dba;

RESET ROLE;

-- Every tenant's rows (the tenant policies admit memory_maintainer).
ALTER FUNCTION memory_store.erase_user(text) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.erase_user(text) TO memory_dba;

COMMIT;
