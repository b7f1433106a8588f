-- memory_store.memory_user_id(p_memory_id text) RETURNS text
--
-- The user a memory belongs to: what the rows hanging off a memory (tags,
-- relationships from it) take as their user_id, through their BEFORE INSERT
-- triggers, so once per tag of every write. (An embedding takes it with its
-- filter columns: memory_store.vector_embeddings_from_memory.)
-- NULL for a memory that does not exist.
--
-- PL/pgSQL, two statements: the registry gives the memory's created_at, and
-- the entry is read from the one monthly partition that holds it. Both run
-- on generic plans (plan_cache_mode force_generic_plan), planned once per
-- session: left to choose, PL/pgSQL keeps planning the second statement for
-- each call, because a generic plan over a partitioned table is costed over
-- every partition and so looks dearer than a custom one. The generic plan
-- prunes to the one partition when it starts (created_at is a parameter by
-- then).
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
SET plan_cache_mode = force_generic_plan
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

COMMENT ON FUNCTION memory_store.memory_user_id(p_memory_id text) IS 'The user_id of a memory (NULL when there is none); the registry gives its created_at, so one partition is read; generic plans, planned once per session.
Example: NEW.user_id := memory_store.memory_user_id(NEW.memory_id);';
