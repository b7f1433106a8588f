-- memory_store.read_memory_impl(p_memory_id text, p_include_inactive
--     boolean DEFAULT false) RETURNS memory.memory_record
--
-- The visible memory with this id as memory.memory_record, or MO001.
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.read_memory_impl(p_memory_id, p_include_inactive)
--   (as memory.read_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.read_memory_impl(p_memory_id text, p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    -- The registry knows the row's created_at: the lookup prunes to one partition.
    SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at,
           e.updated_at, e.expires_at, e.priority, e.is_active, memory_store.tags_of(e.memory_id)
      INTO v_result
      FROM memory_store.memory_registry r
      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
     WHERE r.memory_id = p_memory_id
       AND (coalesce(p_include_inactive, false)
            OR (e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;
