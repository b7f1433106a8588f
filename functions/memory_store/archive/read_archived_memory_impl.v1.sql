-- memory_store.read_archived_memory_impl(p_memory_id text) RETURNS
--     memory.memory_record
--
-- The archived memory with this id, or MO001 (not archived, or expired).
--
-- Errors:
--   MO001 archived memory % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.read_archived_memory_impl(p_memory_id)
--   (as memory.read_archived_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.read_archived_memory_impl(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT a.memory_id, a.session_id, a.memory_type, a.content, a.text_content, a.source_agent, a.created_at,
           a.updated_at, a.expires_at, a.priority, a.is_active, memory_store.tags_of(a.memory_id)
      INTO v_result
      FROM memory_archive.memory_entries a
     WHERE a.memory_id = p_memory_id AND (a.expires_at IS NULL OR a.expires_at > now());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'archived memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;
