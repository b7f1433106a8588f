-- memory_store.memory_user_id(p_memory_id text) RETURNS text
--
-- The user a memory belongs to: what the rows hanging off a memory (tags,
-- embeddings, relationships from it) take as their user_id. The registry
-- knows the memory's created_at, so one monthly partition is probed.
-- NULL for a memory that does not exist.
--
-- Errors:
--   none of its own
-- Example:
--   NEW.user_id := memory_store.memory_user_id(NEW.memory_id);
--   (as memory_store.set_user_id_from_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_user_id(p_memory_id text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT e.user_id
      FROM memory_store.memory_registry r
      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
     WHERE r.memory_id = p_memory_id
$fn$;

COMMENT ON FUNCTION memory_store.memory_user_id(p_memory_id text) IS 'The user_id of a memory (NULL when there is none); one partition probed through the registry.
Example: NEW.user_id := memory_store.memory_user_id(NEW.memory_id);';
