-- memory_store.notify_memory_changes() RETURNS trigger
--
-- AFTER INSERT / UPDATE / DELETE on memory_entries, once per statement: one
-- row per changed memory in memory_store.memory_changes (the change feed
-- that memory.changes_since reads, under the tenant policy), written in the
-- writer's transaction, so it commits and rolls back with the change; then
-- NOTIFY memory_changes with an empty payload, an opaque "something changed"
-- that names no memory, session or user (PostgreSQL has no privilege on
-- LISTEN: every role could read a payload). An UPDATE that hands a memory to
-- another user (its session changed hands) is also a delete for the old
-- owner. Owned by memory_maintainer: the rows it writes belong to the
-- writer's tenant, or to every tenant when maintenance writes.
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
        INSERT INTO memory_store.memory_changes (user_id, memory_id, session_id, operation)
        SELECT o.user_id, o.memory_id, o.session_id, 'delete'
          FROM old_rows o
         ORDER BY o.memory_id;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO memory_store.memory_changes (user_id, memory_id, session_id, operation)
        SELECT c.user_id, c.memory_id, c.session_id, c.operation
          FROM (SELECT o.user_id, o.memory_id, o.session_id, 'delete' AS operation, 0 AS step
                  FROM old_rows o JOIN new_rows n ON n.memory_id = o.memory_id
                 WHERE o.user_id IS DISTINCT FROM n.user_id
                UNION ALL
                SELECT n.user_id, n.memory_id, n.session_id, 'update', 1
                  FROM new_rows n) AS c
         ORDER BY c.memory_id, c.step;
    ELSE
        INSERT INTO memory_store.memory_changes (user_id, memory_id, session_id, operation)
        SELECT n.user_id, n.memory_id, n.session_id, 'insert'
          FROM new_rows n
         ORDER BY n.memory_id;
    END IF;
    PERFORM pg_notify('memory_changes', '');
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.notify_memory_changes() IS 'Trigger: AFTER INSERT/UPDATE/DELETE FOR EACH STATEMENT on memory_entries; one memory_store.memory_changes row per changed memory (the feed of memory.changes_since), then NOTIFY memory_changes with an empty payload (sent on commit; names no id).';
