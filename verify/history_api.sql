-- Verify memory-orchestrator:history_api on pg
-- The agent may call history and the as_of reads; dispatch knows `history`;
-- a tag change and an update through the API are versions.
BEGIN;

DO $$
DECLARE
    v_memory memory.memory_record;
    v_rows   integer;
BEGIN
    IF NOT pg_catalog.has_function_privilege('memory_agent', 'memory.memory_history(text, integer, integer)', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('memory_agent', 'memory.read_memory(text, boolean, timestamptz)', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('memory_agent',
              'memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text, timestamptz)',
              'EXECUTE') THEN
        RAISE EXCEPTION 'history_api: memory_agent cannot call history or the as_of reads';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions
                    WHERE action = 'history' AND handler = 'memory_store.dispatch_history(jsonb, text)'::pg_catalog.regprocedure) THEN
        RAISE EXCEPTION 'history_api: dispatch has no history action';
    END IF;
    IF position('memory_store.page_request(' IN (SELECT p.prosrc FROM pg_catalog.pg_proc p
            WHERE p.oid = 'memory_store.memory_page_read(text, timestamptz, text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, boolean, integer, integer, text, text)'::pg_catalog.regprocedure)) = 0 THEN
        RAISE EXCEPTION 'history_api: memory_page_read does not use page_request';
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    v_memory := memory.create_memory('context', '{"text": "verify history api"}', p_memory_id => 'verify-history-api');
    PERFORM memory.add_tags('verify-history-api', ARRAY['a']);
    v_memory := memory.update_memory('verify-history-api', p_priority => 7);
    SELECT count(*) INTO v_rows FROM memory.memory_history('verify-history-api');
    IF v_rows <> 3 THEN
        RAISE EXCEPTION 'history_api: create, tag, update left % versions', v_rows;
    END IF;
END
$$;

ROLLBACK;
