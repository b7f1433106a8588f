-- Verify memory-orchestrator:legacy_import on pg
BEGIN;

SELECT run_id, source_system, source_name, started_at, finished_at, imported, updated, skipped, rejected
  FROM memory_store.import_runs WHERE false;
SELECT run_id, line_number, raw, status FROM memory_store.import_staging WHERE false;
SELECT run_id, line_number, sqlstate, reason, raw_excerpt FROM memory_store.import_rejects WHERE false;

DO $$
DECLARE
    fn regprocedure;
    v_run bigint;
    v_result record;
BEGIN
    FOREACH fn IN ARRAY ARRAY[
        'memory_store.import_begin(text, text)',
        'memory_store.import_run(bigint, integer)',
        'memory_store.reconcile(bigint)',
        'memory_store.import_purge(bigint)']::regprocedure[]
    LOOP
        IF NOT has_function_privilege('memory_dba', fn, 'EXECUTE') THEN
            RAISE EXCEPTION '% is not executable by memory_dba', fn;
        END IF;
        IF has_function_privilege('memory_agent', fn, 'EXECUTE') THEN
            RAISE EXCEPTION '% must not be executable by memory_agent', fn;
        END IF;
    END LOOP;
    PERFORM 'memory_store.import_session_memory_agent_record(jsonb)'::regprocedure,
            'memory_store.import_contextual_memory_record(jsonb)'::regprocedure,
            'memory_store.import_jarvis_memory_record(jsonb)'::regprocedure;
    IF (SELECT relpersistence FROM pg_class WHERE oid = 'memory_store.import_staging'::regclass) <> 'u' THEN
        RAISE EXCEPTION 'memory_store.import_staging must be unlogged';
    END IF;
    -- One good and one bad record, inside this rolled-back transaction.
    v_run := memory_store.import_begin('contextual', 'verify');
    INSERT INTO memory_store.import_staging (run_id, line_number, raw) VALUES
        (v_run, 1, '{"context_id": "verify-legacy-import", "context_data": {"text": "x"}, "created_at": 1709280000}'),
        (v_run, 2, '{"context_data": {}}');
    SELECT * INTO v_result FROM memory_store.import_run(v_run);
    IF (v_result.imported, v_result.rejected) IS DISTINCT FROM (1, 1)
       OR NOT EXISTS (SELECT 1 FROM memory_store.import_rejects WHERE run_id = v_run AND line_number = 2) THEN
        RAISE EXCEPTION 'memory_store.import_run does not import and reject: %', v_result;
    END IF;
END
$$;

ROLLBACK;
