-- memory_store.memory_versions_append_only() RETURNS trigger
--
-- memory_store.memory_versions and memory_store.embedding_versions are
-- append-only, like the access log: BEFORE UPDATE OR DELETE FOR EACH ROW and
-- BEFORE TRUNCATE FOR EACH STATEMENT. Nobody but the table owner holds a
-- privilege on them, and this trigger also holds the owner, SECURITY
-- DEFINER functions and superusers who do not disable it.
--   DELETE: only of the versions of a memory that no longer exists (its
--           registry row is gone: the foreign key's ON DELETE CASCADE after
--           a hard delete, the purge of expired memories, an erasure).
--   UPDATE: only key rotation (setting memory_store.change_operation =
--           'rotate') re-encrypting a version: content_encrypted changes,
--           every other column stays.
--   TRUNCATE: never.
-- Anything else: SQLSTATE 42501.
--
-- Errors:
--   42501 % is append-only
-- Example:
--   DELETE FROM memory_store.memory_versions;  -- ERROR 42501

CREATE OR REPLACE FUNCTION memory_store.memory_versions_append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = OLD.memory_id) THEN
            RETURN OLD;
        END IF;
    ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'memory_versions'
          AND current_setting('memory_store.change_operation', true) = 'rotate' THEN
        IF (to_jsonb(NEW) - 'content_encrypted') = (to_jsonb(OLD) - 'content_encrypted') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '%.% is append-only: % is not allowed (versions go only with their memory)',
                    TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_versions_append_only() IS 'Trigger function: memory_versions and embedding_versions are append-only (TRUNCATE, UPDATE and DELETE raise 42501, except the cascade that removes the versions of a memory that is gone and the re-encryption of key rotation).
Example: DELETE FROM memory_store.memory_versions;  -- ERROR 42501';
