-- memory_store.notify_memory_changes() RETURNS trigger
--
-- AFTER INSERT / UPDATE / DELETE on memory_entries, once per statement:
-- NOTIFY memory_changes with {"memory_id", "operation", "session_id"} per
-- changed memory. NOTIFY is delivered when the transaction commits, and not
-- at all when it rolls back.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_notify_delete AFTER DELETE ON memory_store.memory_entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes()  (and 2 more)

CREATE OR REPLACE FUNCTION memory_store.notify_memory_changes()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('memory_changes', json_build_object(
                    'memory_id', o.memory_id, 'operation', 'delete', 'session_id', o.session_id)::text)
           FROM old_rows o;
    ELSE
        PERFORM pg_notify('memory_changes', json_build_object(
                    'memory_id', n.memory_id, 'operation', lower(TG_OP), 'session_id', n.session_id)::text)
           FROM new_rows n;
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.notify_memory_changes() IS 'Trigger: AFTER INSERT/UPDATE/DELETE FOR EACH STATEMENT on memory_entries; NOTIFY memory_changes, payload {"memory_id","operation","session_id"}, sent on commit.';
