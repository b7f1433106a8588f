-- memory_store.import_contextual_memory_record(p_record jsonb) RETURNS text
--
-- contextual_memory_pc2: one record per context item -> a context memory
-- (memory_id = context_id), its embedding, one tag row per tag; a session it
-- names that does not exist yet is created (session_type 'context').
--
-- Errors:
--   22023 record must be a JSON object, got %
--   39004 missing required field context_data
--   through the functions it calls: 22001, 22007, 22008, 23505, 54000
-- Example:
--   SELECT memory_store.import_contextual_memory_record('{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}');

CREATE OR REPLACE FUNCTION memory_store.import_contextual_memory_record(p_record jsonb)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['context_id', 'session_id', 'context_data', 'embedding', 'embedding_model',
                                     'created_at', 'expires_at', 'source_agent', 'tags'];
    v_memory_id text;
    v_session_id text;
    v_content jsonb;
    v_extra jsonb;
    v_embedding extensions.vector;
    v_model text;
    v_created timestamptz;
    v_expires timestamptz;
    v_source_agent text;
    v_tags text[];
    v_count integer;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    IF jsonb_typeof(p_record) <> 'object' THEN
        RAISE EXCEPTION 'record must be a JSON object, got %', jsonb_typeof(p_record) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_memory_id := memory_store.import_text(p_record, 'context_id', true, 64);
    v_session_id := memory_store.import_text(p_record, 'session_id', false, 64);
    CASE coalesce(jsonb_typeof(p_record -> 'context_data'), 'null')
        WHEN 'object' THEN v_content := p_record -> 'context_data';
        WHEN 'string' THEN v_content := jsonb_build_object('text', p_record -> 'context_data');
        WHEN 'null' THEN
            RAISE EXCEPTION 'missing required field context_data' USING ERRCODE = 'null_value_not_allowed';
        ELSE
            RAISE EXCEPTION 'context_data: expected an object or a string, got %', jsonb_typeof(p_record -> 'context_data')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    v_extra := memory_store.import_extra(p_record, c_known);
    IF v_extra IS NOT NULL THEN
        v_content := v_content || jsonb_build_object('legacy_extra', v_extra);
    END IF;
    v_created := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    IF v_created IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_expires := memory_store.import_timestamp('expires_at', p_record -> 'expires_at');
    v_source_agent := memory_store.import_text(p_record, 'source_agent', false, 64);
    v_tags := memory_store.import_tags('tags', p_record -> 'tags');
    v_embedding := memory_store.import_vector('embedding', p_record -> 'embedding');
    v_model := coalesce(memory_store.import_text(p_record, 'embedding_model', false, 64), 'text-embedding-ada-002');

    IF v_session_id IS NOT NULL THEN
        INSERT INTO memory_store.sessions (session_id, created_at, updated_at, metadata, session_type)
        VALUES (v_session_id, v_created, v_created, '{"import_stub": "contextual_memory_pc2"}', 'context')
        ON CONFLICT (session_id) DO NOTHING;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count > 0 THEN
            v_outcomes := v_outcomes || 'inserted'::text;
        END IF;
    END IF;
    v_outcomes := v_outcomes || memory_store.import_put_memory(v_memory_id, v_session_id, 'context', v_content,
                                                               v_source_agent, v_created, v_expires);
    IF memory_store.import_put_tags(v_memory_id, v_tags) > 0 THEN
        v_outcomes := v_outcomes || 'inserted'::text;
    END IF;
    IF v_embedding IS NOT NULL THEN
        v_outcomes := v_outcomes || memory_store.import_put_embedding(v_memory_id, v_embedding, v_model, v_created);
    END IF;
    RETURN memory_store.import_status(v_outcomes);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_contextual_memory_record(p_record jsonb) IS 'Legacy import: one contextual_memory_pc2 context item -> a context memory, its embedding and tags (and a stub session). Example: SELECT memory_store.import_contextual_memory_record(''{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}'');';
