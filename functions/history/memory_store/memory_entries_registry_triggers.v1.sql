-- Trigger functions that keep memory_store.memory_registry in step with
-- memory_store.memory_entries (see deploy/memory_registry.sql for why).
-- SECURITY DEFINER: whoever may write memory_entries writes the registry
-- through these triggers only; nobody else needs a privilege on it.

-- Before a memory row is inserted: claim its id. ON CONFLICT DO NOTHING waits
-- for a concurrent claim of the same id to commit or abort, so exactly one of
-- two racing inserts wins, without a subtransaction per row.
CREATE FUNCTION memory_store.memory_entries_claim_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    INSERT INTO memory_store.memory_registry (memory_id, created_at)
    VALUES (NEW.memory_id, NEW.created_at)
    ON CONFLICT (memory_id) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory id % already exists', NEW.memory_id
            USING ERRCODE = 'unique_violation',
                  SCHEMA = 'memory_store', TABLE = 'memory_registry',
                  CONSTRAINT = 'memory_registry_pkey';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_claim_id() IS
'Trigger: BEFORE INSERT on memory_entries; registers the memory id, unique across all partitions (SQLSTATE 23505 when taken).';

-- After a memory row is deleted (directly, or by the session cascade): release
-- its id; the foreign keys on the registry then cascade to tags, embeddings
-- and relationships and set access-log references to NULL, as in the seed.
CREATE FUNCTION memory_store.memory_entries_release_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DELETE FROM memory_store.memory_registry WHERE memory_id = OLD.memory_id;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_release_id() IS
'Trigger: AFTER DELETE on memory_entries; removes the registry row, which cascades to tags, embeddings and relationships.';

-- Before a memory row is updated: memory_id and created_at are immutable.
-- Everything refers to memory_id; created_at decides the partition, and an
-- UPDATE that moved a row to another partition would run as a delete plus an
-- insert, releasing and re-claiming the id under concurrent writers.
CREATE FUNCTION memory_store.memory_entries_keep_id()
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

COMMENT ON FUNCTION memory_store.memory_entries_keep_id() IS
'Trigger: BEFORE UPDATE OF memory_id, created_at on memory_entries; rejects changes to either (SQLSTATE 0A000).';
