-- memory_store.import_context_fields(p_record jsonb, p_embedding text
--     DEFAULT NULL::text, OUT memory_id text, OUT session_id text, OUT
--     content jsonb, OUT source_agent text, OUT created_at timestamp with
--     time zone, OUT expires_at timestamp with time zone, OUT priority
--     integer, OUT tags text[], OUT embedding extensions.vector, OUT
--     embedding_model text) RETURNS record
--
-- One contextual_memory_pc2 context item, checked and mapped to the fields
-- of its memory (content = context_data, or {"text": context_data} for a
-- string, with the unknown fields under legacy_extra; priority from the
-- item's priority, else context_data.priority), its tags and its embedding
-- (p_embedding: the text of a JSON array the reader took out of the record;
-- else the record's embedding field). The record mapping and the batch path
-- both use it, so both write the same rows.
--
-- Errors:
--   22023 record must be a JSON object, got %
--   22023 context_data: expected an object or a string, got %
--   22023 embedding: must contain only finite numbers in the range of real
--   (%)
--   39004 missing required field context_data
--   39004 missing required field created_at
--   through the functions it calls: 22001, 22007, 22008, 22023, 54000
-- Example:
--   SELECT * FROM memory_store.import_context_fields('{"context_id": "c-1", "context_data": "x", "created_at": 1709280000}');

CREATE OR REPLACE FUNCTION memory_store.import_context_fields(
    p_record jsonb, p_embedding text DEFAULT NULL,
    OUT memory_id text, OUT session_id text, OUT content jsonb, OUT source_agent text, OUT created_at timestamptz,
    OUT expires_at timestamptz, OUT priority integer, OUT tags text[], OUT embedding extensions.vector,
    OUT embedding_model text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['context_id', 'session_id', 'context_data', 'embedding', 'embedding_model',
                                     'created_at', 'expires_at', 'source_agent', 'tags', 'priority'];
    v_extra jsonb := memory_store.import_unknown_fields(p_record, c_known);
    v_message text;
BEGIN
    memory_id := memory_store.import_text(p_record, 'context_id', true, 64);
    session_id := memory_store.import_text(p_record, 'session_id', false, 64);
    CASE coalesce(jsonb_typeof(p_record -> 'context_data'), 'null')
        WHEN 'object' THEN content := p_record -> 'context_data';
        WHEN 'string' THEN content := jsonb_build_object('text', p_record -> 'context_data');
        WHEN 'null' THEN
            RAISE EXCEPTION 'missing required field context_data' USING ERRCODE = 'null_value_not_allowed';
        ELSE
            RAISE EXCEPTION 'context_data: expected an object or a string, got %', jsonb_typeof(p_record -> 'context_data')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    IF v_extra IS NOT NULL THEN
        content := content || jsonb_build_object('legacy_extra', v_extra);
    END IF;
    content := memory_store.import_content(content);
    created_at := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    IF created_at IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    expires_at := memory_store.import_timestamp('expires_at', p_record -> 'expires_at');
    source_agent := memory_store.import_text(p_record, 'source_agent', false, 64);
    priority := memory_store.import_priority('priority', coalesce(p_record -> 'priority', content -> 'priority'));
    tags := memory_store.import_tags('tags', p_record -> 'tags');
    embedding_model := coalesce(memory_store.import_text(p_record, 'embedding_model', false, 64), 'text-embedding-ada-002');
    IF p_embedding IS NULL THEN
        embedding := memory_store.import_vector('embedding', p_record -> 'embedding');
    ELSE
        BEGIN
            embedding := p_embedding::extensions.vector;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT;
            RAISE EXCEPTION 'embedding: must contain only finite numbers in the range of real (%)', left(v_message, 120)
                USING ERRCODE = 'invalid_parameter_value';
        END;
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_context_fields(p_record jsonb, p_embedding text) IS 'Legacy import: one contextual_memory_pc2 item checked and mapped to the fields of its memory, tags and embedding. Example: SELECT * FROM memory_store.import_context_fields(''{"context_id": "c-1", "context_data": "x", "created_at": 1709280000}'');';
