-- memory_store.memory_user_id(p_memory_id text) RETURNS text
--
-- The user a memory belongs to: what the rows hanging off a memory (tags,
-- embeddings, relationships from it) take as their user_id, through their
-- BEFORE INSERT triggers, so once per tag and per embedding of every write.
-- NULL for a memory that does not exist.
--
-- PL/pgSQL, two statements: the registry gives the memory's created_at, and
-- the entry is read from the one monthly partition that holds it. Both
-- statements are planned once per session. A single SQL statement joining
-- the registry to memory_entries, in an SQL function with a SET clause, was
-- planned on every call over every monthly partition: 0.51 ms per call,
-- three calls per write with two tags and an embedding (issue 16: the write
-- at 1.66x a bare insert, profiled with track_functions).
--
-- Errors:
--   none of its own
-- Example:
--   NEW.user_id := memory_store.memory_user_id(NEW.memory_id);
--   (as memory_store.set_user_id_from_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_user_id(p_memory_id text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_created timestamptz;
BEGIN
    SELECT r.created_at INTO v_created FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT e.user_id::text FROM memory_store.memory_entries e
             WHERE e.memory_id = p_memory_id AND e.created_at = v_created);
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_user_id(p_memory_id text) IS 'The user_id of a memory (NULL when there is none); the registry gives its created_at, so one partition is read; planned once per session.
Example: NEW.user_id := memory_store.memory_user_id(NEW.memory_id);';
