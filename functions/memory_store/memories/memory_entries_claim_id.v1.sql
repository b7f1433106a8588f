-- memory_store.memory_entries_claim_id() RETURNS trigger
--
-- Before a memory row is inserted: claim its id. ON CONFLICT DO NOTHING waits
-- for a concurrent claim of the same id to commit or abort, so exactly one of
-- two racing inserts wins, without a subtransaction per row. The one insert
-- that finds the id taken and is let through is a restore from the archive
-- (memory_store.archive_restore): it has cleared is_archived on the registry
-- row, and the archived row, still there until it is deleted after this
-- insert, names the same memory. Only the owner can write either table, so
-- no caller can fake this state; an id held by an archived memory
-- (is_archived) or by a hot one (no archived row) is refused.
--
-- Errors:
--   23505 memory id % already exists
-- Example:
--   trigger memory_entries_claim_id BEFORE INSERT ON memory_store.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_claim_id()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_claim_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    INSERT INTO memory_store.memory_registry (memory_id, created_at)
    VALUES (NEW.memory_id, NEW.created_at)
    ON CONFLICT (memory_id) DO NOTHING;
    IF NOT FOUND AND NOT (
           EXISTS (SELECT 1 FROM memory_store.memory_registry r
                    WHERE r.memory_id = NEW.memory_id AND r.created_at = NEW.created_at AND NOT r.is_archived)
           AND EXISTS (SELECT 1 FROM memory_archive.memory_entries a
                        WHERE a.memory_id = NEW.memory_id AND a.created_at = NEW.created_at)) THEN
        RAISE EXCEPTION 'memory id % already exists', NEW.memory_id
            USING ERRCODE = 'unique_violation',
                  SCHEMA = 'memory_store', TABLE = 'memory_registry',
                  CONSTRAINT = 'memory_registry_pkey';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_claim_id() IS 'Trigger: BEFORE INSERT on memory_entries; registers the memory id, unique across all partitions and the archive (SQLSTATE 23505 when taken); lets a restore from memory_archive re-use its own id.';
