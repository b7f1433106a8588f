-- memory.restore_memory(p_memory_id text) RETURNS memory.memory_record
--
-- memory.restore_memory: undo a soft delete within the grace period.
--
-- Errors:
--   22004 missing id, 22023 bad id, MO001 no such memory or its grace
--   period is over.
-- Example:
--   SELECT * FROM memory.restore_memory('m-1');

CREATE OR REPLACE FUNCTION memory.restore_memory(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'restore', true);
BEGIN
    v_result := memory_store.restore_memory_impl(p_memory_id);
    PERFORM memory_store.audit('update', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.restore_memory(p_memory_id text) IS 'Restores a soft-deleted memory (memory.delete_memory without p_hard) within the grace period (lifecycle setting soft_delete_grace, from its deletion); an active memory is returned unchanged. Returns the memory. Errors: 22004 missing id, 22023 bad id, MO001 no such memory or its grace period is over.
Example: SELECT * FROM memory.restore_memory(''m-1'');';
