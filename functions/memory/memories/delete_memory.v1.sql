-- memory.delete_memory(p_memory_id text, p_hard boolean DEFAULT false)
--     RETURNS boolean
--
-- memory.delete_memory: soft delete by default, hard delete on request.
--
-- Errors:
--   22004, 22023, MO001.
-- Example:
--   SELECT memory.delete_memory('m-1');  SELECT memory.delete_memory('m-2', p_hard => true);

CREATE OR REPLACE FUNCTION memory.delete_memory(p_memory_id text, p_hard boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'hard', p_hard);
BEGIN
    v_result := memory_store.delete_memory_impl(p_memory_id, p_hard);
    -- After a hard delete the id is gone: the log keeps it in request_data.
    PERFORM memory_store.audit('delete', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN true;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.delete_memory(p_memory_id text, p_hard boolean) IS 'Deletes a memory: soft (is_active = false, restorable) by default; p_hard removes it with its tags, embeddings and relationships. Returns true. Errors: 22004, 22023, MO001.
Example: SELECT memory.delete_memory(''m-1'');  SELECT memory.delete_memory(''m-2'', p_hard => true);';
