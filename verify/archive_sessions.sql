-- Verify memory-orchestrator:archive_sessions on pg
BEGIN;

SELECT 'memory_store.archive_sessions(integer)'::regprocedure,
       'memory_store.archive_batch_size(integer)'::regprocedure,
       'memory_store.archive_mark_sessions_batch(integer, interval, interval)'::regprocedure,
       'memory_store.archive_sessions_batch(integer)'::regprocedure,
       'memory_store.purge_expired_archive_batch(integer)'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'archive_sessions') THEN
        RAISE EXCEPTION 'job archive_sessions is not registered';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.archive_sessions(integer)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.archive_sessions(integer)', 'EXECUTE') THEN
        RAISE EXCEPTION 'archive_sessions must be executable by memory_dba only';
    END IF;
    IF (SELECT count(*) FROM memory_store.lifecycle_settings
         WHERE name IN ('archive_after_ended', 'archive_after_idle', 'archive_batch_size', 'archive_max_batches')) <> 4 THEN
        RAISE EXCEPTION 'archive settings are missing';
    END IF;
    -- Behaviour (bounded, whatever the data): with both rules off nothing is
    -- due; a negative age is refused.
    IF memory_store.archive_mark_sessions_batch(1, NULL, NULL) <> 0 THEN
        RAISE EXCEPTION 'sessions were archived with both rules off';
    END IF;
    BEGIN
        PERFORM memory_store.archive_mark_sessions_batch(1, interval '-1 day', NULL);
        RAISE EXCEPTION 'a negative archive age was accepted';
    EXCEPTION WHEN invalid_parameter_value THEN
        NULL;
    END;
END
$$;

ROLLBACK;
