-- Triggers of the API layer: updated_at, session touch, change notification.

-- BEFORE UPDATE: keep updated_at right on every table that has it, unless the
-- statement sets it explicitly (imports carry their own timestamps).
CREATE FUNCTION memory_store.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_updated_at() IS
'Trigger: BEFORE UPDATE; sets updated_at = now() unless the statement changed updated_at itself.';

-- AFTER INSERT / UPDATE on memory_entries, once per statement: writing a
-- memory moves its session's updated_at. Statement-level with a transition
-- table, so a bulk write touches each session once, not once per row.
CREATE FUNCTION memory_store.touch_sessions_of_new_rows()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.sessions s
       SET updated_at = now()
     WHERE s.session_id IN (SELECT DISTINCT n.session_id FROM new_rows n WHERE n.session_id IS NOT NULL)
       AND s.updated_at < now();
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.touch_sessions_of_new_rows() IS
'Trigger: AFTER INSERT/UPDATE FOR EACH STATEMENT on memory_entries; bumps sessions.updated_at of the sessions written to.';

-- AFTER INSERT / UPDATE / DELETE on memory_entries, once per statement:
-- NOTIFY memory_changes with {"memory_id", "operation", "session_id"} per
-- changed memory. NOTIFY is delivered when the transaction commits, and not
-- at all when it rolls back.
CREATE FUNCTION memory_store.notify_memory_changes()
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

COMMENT ON FUNCTION memory_store.notify_memory_changes() IS
'Trigger: AFTER INSERT/UPDATE/DELETE FOR EACH STATEMENT on memory_entries; NOTIFY memory_changes, payload {"memory_id","operation","session_id"}, sent on commit.';
