-- memory.read_memory as released in memories.v1.sql (v0.2.0), alone, so that
-- the revert of sensitive_memories can restore it (CREATE OR REPLACE keeps
-- its grants).
-- memory.read_memory: one memory with its tags.
CREATE OR REPLACE FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'include_inactive', p_include_inactive);
BEGIN
    v_result := memory_store.read_memory_impl(p_memory_id, p_include_inactive);
    PERFORM memory_store.audit('read', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.read_memory(text, boolean) IS
$$Returns one memory with its tags; soft-deleted and expired memories only with p_include_inactive. Errors: 22004, 22023, MO001 not found.
Example: SELECT * FROM memory.read_memory('m-1');$$;
