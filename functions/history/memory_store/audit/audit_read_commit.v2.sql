-- memory_store.audit_read_commit(p_durable boolean DEFAULT false) RETURNS
--     void
--
-- Called by a read-only API call (read, batch read, search) just before it
-- writes its audit row. When the transaction has written nothing yet (no
-- transaction id assigned) and the call is not p_durable, the commit of
-- this transaction does not wait for the WAL flush (synchronous_commit off,
-- transaction-local): the audit row is then the transaction's only write.
-- What a crash of the server can lose: the audit rows of the read-only
-- calls committed in the last moments before it (at most about 3 x
-- wal_writer_delay, 600 ms by default); never a memory, a session or any
-- other write, and never a row of a transaction that wrote anything else
-- first. A later write in the same transaction through the API (its audit
-- row, trigger memory_access_logs_write_commit) puts synchronous_commit back
-- to what it was; a direct INSERT/UPDATE by a role that bypasses the API
-- after a read in the same explicit transaction is not covered (docs/audit.md).
-- p_durable: reads that returned a sensitive memory's plaintext stay durable.
-- No SET clause: it runs on every read (the caller's pinned search_path
-- applies; it names nothing but built-ins).
--
-- Errors:
--   none of its own
-- Example:
--   PERFORM memory_store.audit_read_commit(memory_store.sensitive_cipher(v_raw) IS NOT NULL);

CREATE OR REPLACE FUNCTION memory_store.audit_read_commit(p_durable boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF coalesce(p_durable, true) OR pg_current_xact_id_if_assigned() IS NOT NULL
       OR current_setting('synchronous_commit') = 'off' THEN
        RETURN;
    END IF;
    PERFORM set_config('memory.read_commit_restore', current_setting('synchronous_commit'), true);
    PERFORM set_config('synchronous_commit', 'off', true);
END
$fn$;

COMMENT ON FUNCTION memory_store.audit_read_commit(p_durable boolean) IS 'Before a read-only API call writes its audit row: when the transaction has written nothing and the read is not p_durable (sensitive plaintext), its commit does not wait for the WAL flush (transaction-local synchronous_commit off). A crash can lose the audit rows of the last fraction of a second of such reads, nothing else.
Example: PERFORM memory_store.audit_read_commit(false);';
