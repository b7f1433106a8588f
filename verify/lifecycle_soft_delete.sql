-- Verify memory-orchestrator:lifecycle_soft_delete on pg
BEGIN;

SELECT 'memory.restore_memory(text)'::regprocedure,
       'memory_store.restore_memory_impl(text)'::regprocedure,
       'memory_store.dispatch_restore(jsonb, text)'::regprocedure,
       'memory_store.purge_soft_deleted_batch(integer, interval)'::regprocedure,
       'memory_store.purge_soft_deleted(integer)'::regprocedure;

DO $$
DECLARE
    v_memory memory.memory_record;
BEGIN
    IF NOT has_function_privilege('memory_agent', 'memory.restore_memory(text)', 'EXECUTE')
       OR NOT (SELECT prosecdef FROM pg_proc WHERE oid = 'memory.restore_memory(text)'::regprocedure) THEN
        RAISE EXCEPTION 'memory.restore_memory must be a SECURITY DEFINER function memory_agent can call';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.purge_soft_deleted(integer)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.purge_soft_deleted(integer)', 'EXECUTE') THEN
        RAISE EXCEPTION 'purge_soft_deleted must be executable by memory_dba only';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = 'restore')
       OR NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'purge_soft_deleted') THEN
        RAISE EXCEPTION 'restore action or purge_soft_deleted job not registered';
    END IF;
    -- Behaviour: delete softly, restore.
    v_memory := memory.create_memory('context', '{"text": "verify restore"}', p_memory_id => 'verify-restore');
    PERFORM memory.delete_memory('verify-restore');
    v_memory := memory.restore_memory('verify-restore');
    IF NOT v_memory.is_active THEN
        RAISE EXCEPTION 'memory.restore_memory does not restore';
    END IF;
END
$$;

ROLLBACK;
