-- memory_store.tags_target(p_memory_id text, p_lock boolean) RETURNS text
--
-- The memory must exist and be visible (active, not expired): MO001
-- otherwise. With p_lock it locks the memory's row in memory_entries (FOR
-- NO KEY UPDATE), which serializes tag changes of one memory (so the
-- max_tags bound holds under concurrency).
--
-- Why the entry row: every other writer of a memory locks its
-- memory_entries row first (update, soft and hard delete, restore, the
-- purge jobs), and a hard delete then deletes the registry row. One lock
-- order for everyone, entry row first, is what keeps a tag change racing a
-- hard delete from deadlocking. The foreign-key share locks are unaffected
-- (tags reference the registry, FOR KEY SHARE does not conflict with it).
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.tags_target(p_memory_id, true)
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.tags_target(p_memory_id text, p_lock boolean)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    IF p_lock THEN
        -- After waiting for a concurrent writer, READ COMMITTED re-checks the
        -- condition on the committed row: a memory deleted meanwhile is MO001.
        PERFORM 1 FROM memory_store.memory_entries e
          WHERE e.memory_id = p_memory_id AND e.is_active
            AND (e.expires_at IS NULL OR e.expires_at > now())
            FOR NO KEY UPDATE;
    ELSE
        PERFORM 1 FROM memory_store.memory_entries e
          WHERE e.memory_id = p_memory_id AND e.is_active
            AND (e.expires_at IS NULL OR e.expires_at > now());
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN p_memory_id;
END
$fn$;
