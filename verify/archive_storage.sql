-- Verify memory-orchestrator:archive_storage on pg
BEGIN;

SELECT 'memory_archive.memory_entries'::regclass,
       'memory_archive.vector_embeddings'::regclass,
       'memory_store.archive_move(text[], text)'::regprocedure,
       'memory_store.archive_restore(text[])'::regprocedure,
       'memory_store.archive_columns(regclass, regclass)'::regprocedure,
       'memory_store.archive_sync_columns()'::regprocedure;
SELECT is_archived FROM memory_store.memory_registry WHERE false;

DO $$
DECLARE
    v_role name;
BEGIN
    -- Nobody but the owner reaches the archive.
    FOREACH v_role IN ARRAY ARRAY['memory_agent', 'memory_dba', 'memory_auditor']::name[] LOOP
        IF has_schema_privilege(v_role, 'memory_archive', 'USAGE')
           OR has_table_privilege(v_role, 'memory_archive.memory_entries', 'SELECT') THEN
            RAISE EXCEPTION '% may reach memory_archive', v_role;
        END IF;
    END LOOP;
    -- Out of the hot indexes: no vector, GIN or full-text index on the archive.
    IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
                WHERE i.indrelid IN ('memory_archive.memory_entries'::regclass, 'memory_archive.vector_embeddings'::regclass)
                  AND am.amname <> 'btree') THEN
        RAISE EXCEPTION 'the archive carries a hot (non-btree) index';
    END IF;
    -- The archive has every column of its hot table.
    PERFORM memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');
    PERFORM memory_store.archive_columns('memory_store.vector_embeddings', 'memory_archive.vector_embeddings');

    -- Behaviour: a memory goes to the archive with its tag and embedding and
    -- its id stays taken; it comes back intact.
    INSERT INTO memory_store.memory_entries (memory_id, memory_type, content)
    VALUES ('verify-archive', 'context', '{"text": "cold"}');
    INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('verify-archive', 't');
    INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
    VALUES ('verify-archive', array_fill(0.5, ARRAY[1536])::real[]::extensions.vector, 'm');
    -- (each call is its own statement: a query does not see what a function
    -- it calls wrote)
    IF memory_store.archive_move(ARRAY['verify-archive'], 'session') <> 1 THEN
        RAISE EXCEPTION 'archive_move did not move one memory';
    END IF;
    IF EXISTS (SELECT 1 FROM memory_store.memory_entries WHERE memory_id = 'verify-archive')
       OR EXISTS (SELECT 1 FROM memory_store.vector_embeddings WHERE memory_id = 'verify-archive')
       OR NOT EXISTS (SELECT 1 FROM memory_store.memory_tags WHERE memory_id = 'verify-archive') THEN
        RAISE EXCEPTION 'archive_move does not move a memory to the archive and keep its tags';
    END IF;
    BEGIN
        INSERT INTO memory_store.memory_entries (memory_id, memory_type, content)
        VALUES ('verify-archive', 'context', '{}');
        RAISE EXCEPTION 'an archived memory id was claimed again';
    EXCEPTION WHEN unique_violation THEN
        NULL;
    END;
    IF memory_store.archive_restore(ARRAY['verify-archive']) <> 1 THEN
        RAISE EXCEPTION 'archive_restore did not restore one memory';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.vector_embeddings WHERE memory_id = 'verify-archive')
       OR EXISTS (SELECT 1 FROM memory_archive.memory_entries WHERE memory_id = 'verify-archive') THEN
        RAISE EXCEPTION 'archive_restore does not bring a memory back';
    END IF;
END
$$;

ROLLBACK;
