-- memory_store.audit_read_commit(p_durable boolean DEFAULT false) RETURNS
--     void
--
-- Called by a read-only API call (read, batch read, search) before it
-- writes its audit row. When the transaction has written nothing yet (no
-- transaction id assigned) and the call is not p_durable, the commit of
-- this transaction does not wait for the WAL flush (synchronous_commit off,
-- transaction-local): the audit row is then the transaction's only write.
-- What a crash of the server can lose: the audit rows of the read-only
-- calls committed in the last moments before it (at most about 3 x
-- wal_writer_delay, 600 ms by default); never a memory, a session or any
-- other write, and never a row of a transaction that wrote anything else
-- first. p_durable puts back the synchronous_commit an earlier call of the
-- transaction turned off: a read that returned a sensitive memory's
-- plaintext (it may learn that only after its audit row is written), and
-- the audit row of every write (trigger memory_access_logs_write_commit),
-- commit durably. A direct INSERT/UPDATE by a role that bypasses the API
-- after a read in the same explicit transaction is not covered
-- (docs/audit.md). No SET clause: it runs on every read (the caller's
-- pinned search_path applies; it names nothing but built-ins).
--
-- Errors:
--   none of its own
-- Example:
--   PERFORM memory_store.audit_read_commit(memory_store.sensitive_cipher(v_raw) IS NOT NULL);

CREATE OR REPLACE FUNCTION memory_store.audit_read_commit(p_durable boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_restore text;
BEGIN
    IF coalesce(p_durable, true) THEN
        v_restore := nullif(current_setting('memory.read_commit_restore', true), '');
        IF v_restore IS NOT NULL THEN
            PERFORM set_config('synchronous_commit', v_restore, true);
            PERFORM set_config('memory.read_commit_restore', '', true);
        END IF;
        RETURN;
    END IF;
    IF pg_current_xact_id_if_assigned() IS NOT NULL OR current_setting('synchronous_commit') = 'off' THEN
        RETURN;
    END IF;
    PERFORM set_config('memory.read_commit_restore', current_setting('synchronous_commit'), true);
    PERFORM set_config('synchronous_commit', 'off', true);
END
$fn$;

COMMENT ON FUNCTION memory_store.audit_read_commit(p_durable boolean) IS 'Before a read-only API call writes its audit row: when the transaction has written nothing, its commit does not wait for the WAL flush (transaction-local synchronous_commit off). p_durable (a sensitive read, a write) puts back what an earlier call turned off. A crash can lose the audit rows of the last fraction of a second of such reads, nothing else.
Example: PERFORM memory_store.audit_read_commit(false);';
