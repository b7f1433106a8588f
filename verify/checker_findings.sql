-- Verify memory-orchestrator:checker_findings on pg
-- The importers' integer loops no longer reuse the name of a declared variable.
BEGIN;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.import_jarvis_memory_record(jsonb)'::pg_catalog.regprocedure,
                                'memory_store.import_session_memory_agent_record(jsonb)'::pg_catalog.regprocedure)
                  AND p.prosrc ~ 'FOR v_index IN 1 \.\.') THEN
        RAISE EXCEPTION 'checker_findings: an importer still shadows v_index in an integer loop';
    END IF;
END
$$;

ROLLBACK;
