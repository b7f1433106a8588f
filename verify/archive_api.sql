-- Verify memory-orchestrator:archive_api on pg
BEGIN;

SELECT 'memory.read_archived_memory(text)'::regprocedure,
       'memory.batch_read_archived_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text)'::regprocedure,
       'memory.restore_archived_memory(text)'::regprocedure,
       'memory.restore_archived_session(text)'::regprocedure,
       'memory_store.restore_archived(text, text, text[])'::regprocedure;

DO $$
DECLARE
    v_memory memory.memory_record;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_proc p
                WHERE p.pronamespace = 'memory'::regnamespace AND p.proname LIKE '%archived%'
                  AND NOT (p.prosecdef AND has_function_privilege('memory_agent', p.oid, 'EXECUTE'))) THEN
        RAISE EXCEPTION 'the archive API must be SECURITY DEFINER functions memory_agent can call';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.restore_archived(text, text, text[])', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.restore_archived(text, text, text[])', 'EXECUTE') THEN
        RAISE EXCEPTION 'restore_archived must be executable by memory_dba only';
    END IF;
    IF (SELECT count(*) FROM memory_store.dispatch_actions
         WHERE action IN ('read_archived', 'batch_read_archived', 'restore_archived')) <> 3 THEN
        RAISE EXCEPTION 'archive dispatch actions are not registered';
    END IF;
    -- Behaviour: archived, invisible to read_memory, readable when asked, restored.
    -- (The failing read goes to the _impl: a failing typed call would leave
    -- an audit row through the loopback, which this rollback cannot undo.)
    v_memory := memory.create_memory('context', '{"text": "verify archive api"}', p_memory_id => 'verify-archive-api');
    PERFORM memory_store.archive_move(ARRAY['verify-archive-api'], 'retention');
    BEGIN
        v_memory := memory_store.read_memory_impl('verify-archive-api', true);
        RAISE EXCEPTION 'read_memory sees an archived memory';
    EXCEPTION WHEN SQLSTATE 'MO001' THEN
        NULL;
    END;
    v_memory := memory.read_archived_memory('verify-archive-api');
    v_memory := memory.restore_archived_memory('verify-archive-api');
    v_memory := memory.read_memory('verify-archive-api');
END
$$;

ROLLBACK;
