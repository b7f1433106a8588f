-- memory_store.memory_entries_version() RETURNS trigger
--
-- BEFORE UPDATE, FOR EACH ROW, on memory_store.memory_entries and
-- memory_archive.memory_entries: the bookkeeping of a new version. When the
-- row really changes (any column but updated_at, version, changed_by,
-- change_operation and the generated text_content), or whenever the
-- statement runs under the transaction setting memory_store.change_operation
-- (a tag change leaves the row as it was and is a version all the same),
-- version becomes OLD.version + 1, updated_at now() (the current version
-- is valid from updated_at; memory_entries_set_updated_at has already set
-- it unless the statement gave its own, which is taken at its word: tests
-- and back-fills that date a change), changed_by the acting agent (memory_store.current_agent_id) and
-- change_operation the setting, or else what the change was: is_active
-- true -> false 'delete', false -> true 'restore', anything else 'update'.
-- The AFTER UPDATE trigger memory_entries_version_kept then keeps the
-- replaced version in memory_store.memory_versions.
-- No new version: an update that changes nothing, and key rotation (setting
-- 'rotate'): version, changed_by, change_operation and updated_at stay (an
-- updated_at the statement dated itself excepted, rotation aside).
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_version BEFORE UPDATE ON memory_store.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_version()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_version()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_operation text := nullif(current_setting('memory_store.change_operation', true), '');
    v_bookkeeping constant text[] := ARRAY['updated_at', 'version', 'changed_by', 'change_operation', 'text_content'];
BEGIN
    IF v_operation = 'rotate'
       OR (v_operation IS NULL AND (to_jsonb(NEW) - v_bookkeeping) = (to_jsonb(OLD) - v_bookkeeping)) THEN
        NEW.version := OLD.version;
        NEW.changed_by := OLD.changed_by;
        NEW.change_operation := OLD.change_operation;
        IF v_operation = 'rotate' OR NEW.updated_at = now() THEN
            NEW.updated_at := OLD.updated_at;
        END IF;
        RETURN NEW;
    END IF;
    NEW.version := OLD.version + 1;
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := greatest(now(), OLD.updated_at);
    END IF;
    NEW.changed_by := memory_store.current_agent_id();
    NEW.change_operation := coalesce(v_operation,
                                     CASE WHEN OLD.is_active AND NOT NEW.is_active THEN 'delete'
                                          WHEN NOT OLD.is_active AND NEW.is_active THEN 'restore'
                                          ELSE 'update' END);
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_version() IS 'Trigger: BEFORE UPDATE on memory_entries (hot and archive); a real change (or any change under the setting memory_store.change_operation) makes a new version: version + 1, updated_at now(), changed_by the agent, change_operation the setting or delete/restore/update; key rotation (setting rotate) and no-op updates keep the version.
Example: UPDATE memory_store.memory_entries SET priority = 7 WHERE memory_id = ''m-1'';  -- version 2';
