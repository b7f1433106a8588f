-- Verify memory-orchestrator:lifecycle_ttl on pg
BEGIN;

SELECT 'memory_store.purge_expired(integer)'::regprocedure,
       'memory_store.purge_expired_batch(integer)'::regprocedure,
       'memory_store.purge_batch_size(integer)'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'purge_expired') THEN
        RAISE EXCEPTION 'job purge_expired is not registered';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.purge_expired(integer)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.purge_expired(integer)', 'EXECUTE') THEN
        RAISE EXCEPTION 'purge_expired must be executable by memory_dba only';
    END IF;
    -- Behaviour: an expired memory goes, a live one stays.
    INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, expires_at) VALUES
        ('verify-ttl-expired', 'context', '{}', now() - interval '1 second'),
        ('verify-ttl-live', 'context', '{}', now() + interval '1 day');
    PERFORM memory_store.purge_expired_batch(1000);
    IF EXISTS (SELECT 1 FROM memory_store.memory_registry WHERE memory_id = 'verify-ttl-expired')
       OR NOT EXISTS (SELECT 1 FROM memory_store.memory_registry WHERE memory_id = 'verify-ttl-live') THEN
        RAISE EXCEPTION 'purge_expired_batch does not delete exactly the expired memories';
    END IF;
END
$$;

ROLLBACK;
