-- memory_store.memory_entries_keep_version() RETURNS trigger
--
-- Keeps a replaced version in memory_store.memory_versions, in the writer's
-- transaction: its columns, its tags (memory_store.tags_of: callers change
-- tags only after the row, see memory_store.change_tags_impl), valid_from its
-- updated_at (capped at valid_to when a statement dated the change earlier),
-- valid_to the moment it was replaced, operation and agent_id
-- the change_operation and changed_by that made it.
--   AFTER UPDATE (when the version number moved) on memory_store.memory_entries
--   and memory_archive.memory_entries: keeps OLD.
--   BEFORE INSERT on memory_archive.memory_entries (the archive move): keeps
--   the hot row as it was, then makes the archived row the next version,
--   operation 'archive'.
--   BEFORE INSERT on memory_store.memory_entries when version > 1 (only a
--   restore from the archive inserts a row that has had versions): keeps the
--   archived row, the next version has operation 'unarchive'.
-- Sensitive memories: the version keeps the ciphertext and the stub only.
-- Owned by memory_maintainer: versions are written for the writer's tenant,
-- or for every tenant when maintenance (archive jobs, imports) writes.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_version_kept AFTER UPDATE ON memory_store.memory_entries FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION memory_store.memory_entries_keep_version()  (and 3 more)

CREATE OR REPLACE FUNCTION memory_store.memory_entries_keep_version()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_kept     record;
    v_valid_to timestamptz;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        v_kept := OLD;
        v_valid_to := NEW.updated_at;
    ELSE
        v_kept := NEW;
        v_valid_to := greatest(now(), NEW.updated_at);
    END IF;
    INSERT INTO memory_store.memory_versions (memory_id, user_id, version, valid_from, valid_to, operation, agent_id,
                                              session_id, memory_type, content, content_encrypted, is_sensitive,
                                              source_agent, tags, priority, expires_at, is_active, created_at)
    VALUES (v_kept.memory_id, v_kept.user_id, v_kept.version, least(v_kept.updated_at, v_valid_to), v_valid_to,
            v_kept.change_operation, v_kept.changed_by, v_kept.session_id, v_kept.memory_type, v_kept.content,
            v_kept.content_encrypted, v_kept.is_sensitive, v_kept.source_agent, memory_store.tags_of(v_kept.memory_id),
            v_kept.priority, v_kept.expires_at, v_kept.is_active, v_kept.created_at);
    IF TG_OP = 'UPDATE' THEN
        RETURN NULL;
    END IF;
    NEW.version := NEW.version + 1;
    NEW.updated_at := v_valid_to;
    NEW.changed_by := memory_store.current_agent_id();
    NEW.change_operation := CASE WHEN TG_TABLE_SCHEMA = 'memory_archive' THEN 'archive' ELSE 'unarchive' END;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_keep_version() IS 'Trigger: keeps the replaced version of a memory in memory_store.memory_versions (AFTER UPDATE on memory_entries, hot and archive; BEFORE INSERT on the archive, and on the hot table for a row back from the archive, which then becomes the next version: archive / unarchive).
Example: SELECT version, operation FROM memory_store.memory_versions WHERE memory_id = ''m-1'';';
