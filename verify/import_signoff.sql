-- Verify memory-orchestrator:import_signoff on pg
-- The run's ground truth and status, the reader's errors, the parts, the
-- deferred indexes, the new functions, and the touch trigger that stays
-- out of an import.
BEGIN;

SELECT file_format, file_records, superseded, duplicates_marked, status, status_detail
  FROM memory_store.import_runs WHERE false;
SELECT file_line, byte_offset, record_key, embedding, error_sqlstate, error_reason, skeleton
  FROM memory_store.import_staging WHERE false;
SELECT part FROM memory_store.import_rejects WHERE false;
SELECT index_name, definition, description, run_id, deferred_at FROM memory_store.import_deferred_indexes WHERE false;
SELECT 'memory_store.import_priority(text, jsonb)'::regprocedure,
       'memory_store.import_put_item(text, text, text, text, jsonb, text, timestamptz, timestamptz, integer, text[], extensions.vector, text)'::regprocedure,
       'memory_store.import_prepare(bigint)'::regprocedure,
       'memory_store.import_finish(bigint, bigint, text)'::regprocedure,
       'memory_store.import_fail(bigint, text)'::regprocedure,
       'memory_store.import_keys(bigint)'::regprocedure;

DO $$
BEGIN
    IF pg_catalog.pg_get_function_result('memory_store.import_session_memory_agent_record(jsonb)'::pg_catalog.regprocedure) <> 'jsonb' THEN
        RAISE EXCEPTION 'import_signoff: the record mappings do not return their parts';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.touch_sessions_of_new_rows()'::pg_catalog.regprocedure) !~ 'memory_store\.importing' THEN
        RAISE EXCEPTION 'import_signoff: writing memories during an import still touches the sessions';
    END IF;
    IF memory_store.import_priority('p', '"high"') <> 8 THEN
        RAISE EXCEPTION 'import_signoff: priority is not mapped';
    END IF;
END
$$;

ROLLBACK;
