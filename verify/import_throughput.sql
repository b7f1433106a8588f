-- Verify memory-orchestrator:import_throughput on pg
BEGIN;

SELECT 'memory_store.import_file_reject(bigint, text, text, text)'::regprocedure;

DO $$
BEGIN
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.import_contextual_batch(bigint, integer)'::pg_catalog.regprocedure)
       ~ 'import_window[^;]*\mraw\M' THEN
        RAISE EXCEPTION 'import_throughput: the batch path still copies staged records into a work table';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz, integer)'::pg_catalog.regprocedure)
       !~ 'memory_store\.change_operation' THEN
        RAISE EXCEPTION 'import_throughput: an imported update does not say change_operation import';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.import_jarvis_memory_record(jsonb)'::pg_catalog.regprocedure) !~ 'created_at_unknown' THEN
        RAISE EXCEPTION 'import_throughput: a jarvis user without interactions still gets the import time as history';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.import_finish(bigint, bigint, text)'::pg_catalog.regprocedure) !~ 'v_file_reject' THEN
        RAISE EXCEPTION 'import_throughput: import_finish does not report a rejected file';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.import_restore_indexes()'::pg_catalog.regprocedure) !~ 'parallel_workers' THEN
        RAISE EXCEPTION 'import_throughput: the index rebuild does not use the parallel maintenance workers';
    END IF;
END
$$;

ROLLBACK;
