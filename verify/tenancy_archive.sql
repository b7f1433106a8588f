-- Verify memory-orchestrator:tenancy_archive on pg
BEGIN;

DO $$
DECLARE
    v_table regclass;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['memory_archive.memory_entries', 'memory_archive.vector_embeddings']::regclass[] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = v_table
                          AND c.relrowsecurity AND c.relforcerowsecurity) THEN
            RAISE EXCEPTION '% must have row-level security enabled and forced', v_table;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = v_table
                          AND p.polname = 'tenant_isolation') THEN
            RAISE EXCEPTION '% lacks the tenant_isolation policy', v_table;
        END IF;
    END LOOP;
    -- archive_columns raises when an archive table lacks a hot column (user_id).
    PERFORM memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');
    PERFORM memory_store.archive_columns('memory_store.vector_embeddings', 'memory_archive.vector_embeddings');
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                WHERE p.oid IN ('memory_store.archive_mark_sessions_batch(integer, interval, interval)'::regprocedure,
                                'memory_store.archive_sessions_batch(integer)'::regprocedure,
                                'memory_store.purge_expired_archive_batch(integer)'::regprocedure,
                                'memory_store.restore_archived(text, text, text[])'::regprocedure,
                                'memory_store.retention_usage(text)'::regprocedure,
                                'memory_store.enforce_retention_batch(text, integer)'::regprocedure)
                  AND p.proowner <> 'memory_maintainer'::regrole) THEN
        RAISE EXCEPTION 'the archive and retention jobs must be owned by memory_maintainer';
    END IF;
END
$$;

ROLLBACK;
