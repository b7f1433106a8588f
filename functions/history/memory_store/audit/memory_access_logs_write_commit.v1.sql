-- memory_store.memory_access_logs_write_commit() RETURNS trigger
--
-- BEFORE INSERT trigger of memory_access_logs for the audit rows of calls
-- other than read and search: when an earlier read-only call in the same
-- transaction turned synchronous_commit off (memory_store.audit_read_commit),
-- it is set back to what it was, so the write commits durably.
--
-- Errors:
--   none of its own
-- Example:
--   CREATE TRIGGER memory_access_logs_write_commit BEFORE INSERT ON memory_store.memory_access_logs
--       FOR EACH ROW WHEN (NEW.operation NOT IN ('read', 'search'))
--       EXECUTE FUNCTION memory_store.memory_access_logs_write_commit();

CREATE OR REPLACE FUNCTION memory_store.memory_access_logs_write_commit()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_restore text := nullif(current_setting('memory.read_commit_restore', true), '');
BEGIN
    IF v_restore IS NOT NULL THEN
        PERFORM set_config('synchronous_commit', v_restore, true);
        PERFORM set_config('memory.read_commit_restore', '', true);
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_access_logs_write_commit() IS 'Trigger: the audit row of a write puts back the synchronous_commit an earlier read-only call of the same transaction turned off.
Example: (trigger memory_access_logs_write_commit on memory_store.memory_access_logs)';
