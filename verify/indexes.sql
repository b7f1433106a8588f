-- Verify memory-orchestrator:indexes on pg
-- Each index must exist on the right table with the right definition; the
-- seed conformance test (tests/pgtap/seed_indexes.sql) compares them in full.
BEGIN;

DO $$
DECLARE
    expected record;
    actual text;
BEGIN
    FOR expected IN
        SELECT * FROM (VALUES
            ('idx_sessions_user_id',                  'sessions',             'btree (user_id)'),
            ('idx_sessions_created_at',               'sessions',             'btree (created_at)'),
            ('idx_sessions_session_type',             'sessions',             'btree (session_type)'),
            ('idx_memory_entries_session_id',         'memory_entries',       'btree (session_id, created_at)'),
            ('idx_memory_entries_memory_type',        'memory_entries',       'btree (memory_type)'),
            ('idx_memory_entries_created_at',         'memory_entries',       'btree (created_at)'),
            ('idx_memory_entries_expires_at',         'memory_entries',       'btree (expires_at)'),
            ('idx_memory_entries_source_agent',       'memory_entries',       'btree (source_agent)'),
            ('idx_memory_entries_text_content',       'memory_entries',       'gin (to_tsvector(''english''::regconfig, text_content))'),
            ('idx_memory_entries_priority',           'memory_entries',       'btree (priority)'),
            ('idx_memory_entries_content',            'memory_entries',       'gin (content)'),
            ('idx_memory_tags_tag',                   'memory_tags',          'btree (tag)'),
            ('idx_vector_embeddings_embedding_model', 'vector_embeddings',    'btree (embedding_model)'),
            ('idx_user_profiles_is_active',           'user_profiles',        'btree (is_active)'),
            ('idx_user_profiles_preferences',         'user_profiles',        'gin (preferences)'),
            ('idx_agent_states_session_id',           'agent_states',         'btree (session_id)'),
            ('idx_agent_states_expires_at',           'agent_states',         'btree (expires_at)'),
            ('idx_memory_relationships_target',       'memory_relationships', 'btree (target_memory_id)'),
            ('idx_memory_relationships_type',         'memory_relationships', 'btree (relationship_type)'),
            ('idx_memory_access_logs_memory_id',      'memory_access_logs',   'btree (memory_id)'),
            ('idx_memory_access_logs_session_id',     'memory_access_logs',   'btree (session_id)'),
            ('idx_memory_access_logs_agent_id',       'memory_access_logs',   'btree (agent_id)'),
            ('idx_memory_access_logs_timestamp',      'memory_access_logs',   'btree ("timestamp")'),
            ('idx_memory_access_logs_operation',      'memory_access_logs',   'btree (operation)'),
            ('idx_memory_access_logs_success',        'memory_access_logs',   'btree (success) WHERE (NOT success)')
        ) AS t(index_name, table_name, definition)
    LOOP
        SELECT pg_catalog.pg_get_indexdef(i.indexrelid) INTO actual
          FROM pg_catalog.pg_index i
         WHERE i.indexrelid = pg_catalog.to_regclass('memory_store.' || expected.index_name)
           AND i.indrelid = pg_catalog.to_regclass('memory_store.' || expected.table_name);
        IF actual IS NULL OR actual NOT LIKE '% USING ' || expected.definition THEN
            RAISE EXCEPTION 'index %.% is missing or wrong: %', expected.table_name, expected.index_name,
                            coalesce(actual, 'missing');
        END IF;
    END LOOP;
END
$$;

ROLLBACK;
