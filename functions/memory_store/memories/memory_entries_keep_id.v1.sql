-- memory_store.memory_entries_keep_id() RETURNS trigger
--
-- Before a memory row is updated: memory_id and created_at are immutable.
-- Everything refers to memory_id; created_at decides the partition, and an
-- UPDATE that moved a row to another partition would run as a delete plus an
-- insert, releasing and re-claiming the id under concurrent writers.
--
-- Errors:
--   0A000 memory_id and created_at of memory % are immutable
-- Example:
--   trigger memory_entries_keep_id BEFORE UPDATE OF memory_id, created_at ON memory_archive.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_keep_id()  (and 1 more)

CREATE OR REPLACE FUNCTION memory_store.memory_entries_keep_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.memory_id IS DISTINCT FROM OLD.memory_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'memory_id and created_at of memory % are immutable', OLD.memory_id
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Create a new memory and delete the old one.';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_keep_id() IS 'Trigger: BEFORE UPDATE OF memory_id, created_at on memory_entries; rejects changes to either (SQLSTATE 0A000).';
