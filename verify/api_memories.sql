-- Verify memory-orchestrator:api_memories on pg
BEGIN;

SELECT 'memory.memory_page'::regtype;

DO $$
DECLARE
    sig text;
    fn  regprocedure;
BEGIN
    -- history_api (later) gave read and batch read a trailing p_as_of.
    FOREACH sig IN ARRAY ARRAY[
        'memory.create_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text)',
        'memory.read_memory(text, boolean)',
        'memory.update_memory(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer)',
        'memory.delete_memory(text, boolean)',
        'memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text)',
        'memory.bulk_delete_memories(text, timestamptz, text[], text, boolean)']
    LOOP
        fn := coalesce(pg_catalog.to_regprocedure(sig),
                       pg_catalog.to_regprocedure(pg_catalog.rtrim(sig, ')') || ', timestamptz)'));
        IF fn IS NULL THEN
            RAISE EXCEPTION '% does not exist', sig;
        END IF;
        IF NOT has_function_privilege('memory_agent', fn, 'EXECUTE') THEN
            RAISE EXCEPTION '% is not executable by memory_agent', fn;
        END IF;
    END LOOP;
    IF (SELECT count(*) FROM memory_store.dispatch_actions
         WHERE action IN ('create', 'read', 'update', 'delete', 'batch_read', 'bulk_delete')) <> 6 THEN
        RAISE EXCEPTION 'memory dispatch actions are missing';
    END IF;
    -- A create and a read round-trip inside this rolled-back transaction.
    PERFORM memory.create_memory('context', '{"text": "verify"}', p_memory_id => 'verify-api-memories');
    IF (memory.read_memory('verify-api-memories')).text_content IS DISTINCT FROM 'verify' THEN
        RAISE EXCEPTION 'memory.create_memory / memory.read_memory do not round-trip';
    END IF;
END
$$;

ROLLBACK;
