-- memory_store.import_contextual_memory_record(p_record jsonb, p_embedding
--     text DEFAULT NULL::text) RETURNS jsonb
--
-- contextual_memory_pc2: one record per context item -> a context memory
-- (memory_id = context_id, priority from the item's priority, else
-- context_data.priority), its embedding, one tag row per tag; a session it
-- names that does not exist yet is created (session_type 'context', times
-- of the item) and never changed by a later item. p_embedding: the item's
-- embedding as the text of a JSON array, when the reader took it out of the
-- record (cast to a vector directly); else the record's embedding field.
-- Returns memory_store.import_result.
--
-- Errors:
--   22023 record must be a JSON object, got %
--   39004 missing required field context_data
--   39004 missing required field created_at
--   22023 embedding: must contain only finite numbers in the range of real
--   (%)
--   through the functions it calls: 22001, 22007, 22008, 22023, 23505, 54000
-- Example:
--   SELECT memory_store.import_contextual_memory_record('{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}');

CREATE OR REPLACE FUNCTION memory_store.import_contextual_memory_record(p_record jsonb, p_embedding text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['context_id', 'session_id', 'context_data', 'embedding', 'embedding_model',
                                     'created_at', 'expires_at', 'source_agent', 'tags', 'priority'];
    v_extra jsonb := memory_store.import_unknown_fields(p_record, c_known);
    v_memory_id text := memory_store.import_text(p_record, 'context_id', true, 64);
    v_session_id text := memory_store.import_text(p_record, 'session_id', false, 64);
    v_content jsonb;
    v_created timestamptz;
    v_embedding extensions.vector;
    v_message text;
    v_outcomes text[] := ARRAY[]::text[];
    v_item jsonb;
BEGIN
    CASE coalesce(jsonb_typeof(p_record -> 'context_data'), 'null')
        WHEN 'object' THEN v_content := p_record -> 'context_data';
        WHEN 'string' THEN v_content := jsonb_build_object('text', p_record -> 'context_data');
        WHEN 'null' THEN
            RAISE EXCEPTION 'missing required field context_data' USING ERRCODE = 'null_value_not_allowed';
        ELSE
            RAISE EXCEPTION 'context_data: expected an object or a string, got %', jsonb_typeof(p_record -> 'context_data')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    IF v_extra IS NOT NULL THEN
        v_content := v_content || jsonb_build_object('legacy_extra', v_extra);
    END IF;
    v_created := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    IF v_created IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at' USING ERRCODE = 'null_value_not_allowed';
    END IF;

    IF p_embedding IS NULL THEN
        v_embedding := memory_store.import_vector('embedding', p_record -> 'embedding');
    ELSE
        BEGIN
            v_embedding := p_embedding::extensions.vector;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT;
            RAISE EXCEPTION 'embedding: must contain only finite numbers in the range of real (%)', left(v_message, 120)
                USING ERRCODE = 'invalid_parameter_value';
        END;
    END IF;

    IF v_session_id IS NOT NULL THEN
        v_outcomes := v_outcomes || memory_store.import_put_session(
            v_session_id, NULL, v_created, v_created, '{"import_stub": "contextual_memory_pc2"}', NULL, 'context', false);
    END IF;
    v_item := memory_store.import_put_item(
        NULL, v_memory_id, v_session_id, 'context', v_content,
        memory_store.import_text(p_record, 'source_agent', false, 64), v_created,
        memory_store.import_timestamp('expires_at', p_record -> 'expires_at'),
        memory_store.import_priority('priority', coalesce(p_record -> 'priority', v_content -> 'priority')),
        memory_store.import_tags('tags', p_record -> 'tags'),
        v_embedding,
        coalesce(memory_store.import_text(p_record, 'embedding_model', false, 64), 'text-embedding-ada-002'));
    RETURN memory_store.import_result(
        v_outcomes || ARRAY(SELECT jsonb_array_elements_text(v_item -> 'outcomes')), '[]');
END
$fn$;

COMMENT ON FUNCTION memory_store.import_contextual_memory_record(p_record jsonb, p_embedding text) IS 'Legacy import: one contextual_memory_pc2 context item -> a context memory (with its priority), its embedding and tags (and a stub session). Example: SELECT memory_store.import_contextual_memory_record(''{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}'');';
