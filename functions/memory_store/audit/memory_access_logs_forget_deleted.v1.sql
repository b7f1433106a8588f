-- memory_store.memory_access_logs_forget_deleted() RETURNS trigger
--
-- AFTER DELETE, FOR EACH STATEMENT, on memory_store.memory_registry and
-- memory_store.sessions (transition table old_rows; the argument names the
-- column, memory_id or session_id): the access log's rows that name a
-- deleted memory or session get NULL there, as the seed's
-- ON DELETE SET NULL does. The log's ids are not foreign keys (docs/
-- deviations.md): each audit row would otherwise pay two key checks that
-- lock the registry and session rows. The update is the one
-- memory_store.memory_access_logs_append_only admits (the row it named is
-- gone). SECURITY DEFINER: it runs for whoever deletes (the maintenance
-- functions, a DBA), and only the log's owner may update it.
--
-- Errors:
--   none of its own
-- Example:
--   CREATE TRIGGER memory_access_logs_forget_deleted AFTER DELETE ON memory_store.sessions
--       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
--       EXECUTE FUNCTION memory_store.memory_access_logs_forget_deleted('session_id');

CREATE OR REPLACE FUNCTION memory_store.memory_access_logs_forget_deleted()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- TG_ARGV[0]: the column, memory_id or session_id (one body for both
    -- tables; the transition table old_rows has it under the same name)
    EXECUTE format('UPDATE memory_store.memory_access_logs l SET %1$I = NULL '
                   'WHERE l.%1$I IN (SELECT o.%1$I FROM old_rows o)', TG_ARGV[0]);
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_access_logs_forget_deleted() IS 'Trigger (AFTER DELETE, per statement, on memory_registry and sessions): nulls the access log''s memory_id / session_id of the deleted rows, the seed''s ON DELETE SET NULL without a foreign key.
Example: (trigger memory_access_logs_forget_deleted on memory_store.memory_registry and memory_store.sessions)';
