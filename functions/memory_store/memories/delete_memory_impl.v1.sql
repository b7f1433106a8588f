-- memory_store.delete_memory_impl(p_memory_id text, p_hard boolean DEFAULT
--     false) RETURNS memory.memory_record
--
-- Delete one memory: soft (is_active = false) by default, hard on request
-- (the row goes, and with it its tags, embeddings and relationships).
-- Soft delete sees only visible memories; hard delete also inactive ones.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   memory_store.delete_memory_impl(p_memory_id, p_hard)
--   (as memory.delete_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.delete_memory_impl(p_memory_id text, p_hard boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current memory.memory_record := memory_store.read_memory_impl(p_memory_id, coalesce(p_hard, false));
BEGIN
    IF coalesce(p_hard, false) THEN
        DELETE FROM memory_store.memory_entries WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
        v_current.is_active := false;
    ELSE
        UPDATE memory_store.memory_entries SET is_active = false
         WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
        v_current := memory_store.read_memory_impl(p_memory_id, true);
    END IF;
    RETURN v_current;
END
$fn$;
