-- memory.restore_archived_memory(p_memory_id text) RETURNS
--     memory.memory_record
--
-- memory.restore_archived_memory: one archived memory back to the hot tables.
--
-- Errors:
--   22004, 22023, MO001 no such memory (or its archived copy expired).
-- Example:
--   SELECT * FROM memory.restore_archived_memory('m-1');

CREATE OR REPLACE FUNCTION memory.restore_archived_memory(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'restore', true, 'archived', true);
BEGIN
    v_result := memory_store.restore_archived_memory_impl(p_memory_id);
    PERFORM memory_store.audit('update', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.restore_archived_memory(p_memory_id text) IS 'Moves one archived memory back to the hot tables (embedding included; tags and relationships were kept) and un-archives its session (its other archived memories stay archived); a memory that is not archived is returned as it is. Returns the memory. Errors: 22004, 22023, MO001 no such memory (or its archived copy expired).
Example: SELECT * FROM memory.restore_archived_memory(''m-1'');';
