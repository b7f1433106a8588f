-- Verify memory-orchestrator:history_table on pg
-- The columns, tables, policies and triggers exist; an update keeps the
-- replaced version, which the owner cannot edit; memories_as_of answers
-- with the version valid at an instant.
BEGIN;

DO $$
DECLARE
    v_memory memory.memory_record;
    v_rows   integer;
BEGIN
    PERFORM version, changed_by, change_operation FROM memory_store.memory_entries WHERE false;
    PERFORM version, changed_by, change_operation FROM memory_archive.memory_entries WHERE false;
    PERFORM memory_id, version, valid_from, valid_to, operation, agent_id, tags
       FROM memory_store.memory_versions WHERE false;
    PERFORM memory_id, embedding_model, embedding, valid_from, valid_to FROM memory_store.embedding_versions WHERE false;
    PERFORM * FROM memory_store.memories_as_of(now()) WHERE false;
    PERFORM * FROM memory_store.embeddings_as_of(now()) WHERE false;
    IF (SELECT count(*) FROM pg_catalog.pg_policy p
         WHERE p.polrelid IN ('memory_store.memory_versions'::pg_catalog.regclass,
                              'memory_store.embedding_versions'::pg_catalog.regclass)
           AND p.polname = 'tenant_isolation') <> 2 THEN
        RAISE EXCEPTION 'history_table: a version table has no tenant_isolation policy';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_trigger t
         WHERE t.tgname IN ('memory_entries_version', 'memory_entries_version_kept')
           AND t.tgrelid IN ('memory_store.memory_entries'::pg_catalog.regclass,
                             'memory_archive.memory_entries'::pg_catalog.regclass)) <> 4 THEN
        RAISE EXCEPTION 'history_table: the version triggers of memory_entries are missing';
    END IF;
    IF pg_catalog.has_table_privilege('memory_agent', 'memory_store.memory_versions', 'SELECT')
       OR pg_catalog.has_table_privilege('memory_agent', 'memory_store.memory_versions', 'UPDATE') THEN
        RAISE EXCEPTION 'history_table: agents hold a privilege on memory_versions';
    END IF;
    -- Behaviour where the verifying role may write as nobody (a superuser).
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    v_memory := memory.create_memory('context', '{"text": "verify history"}', p_memory_id => 'verify-history');
    UPDATE memory_store.memory_entries SET priority = 9 WHERE memory_id = 'verify-history';
    SELECT count(*) INTO v_rows FROM memory_store.memory_versions
     WHERE memory_id = 'verify-history' AND version = 1 AND operation = 'create' AND priority = 5;
    IF v_rows <> 1 THEN
        RAISE EXCEPTION 'history_table: an update kept % versions', v_rows;
    END IF;
    BEGIN
        UPDATE memory_store.memory_versions SET priority = 1 WHERE memory_id = 'verify-history';
        RAISE EXCEPTION 'history_table: a version could be edited';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
END
$$;

ROLLBACK;
