-- memory_store.import_contextual_memory_record(p_record jsonb, p_embedding
--     text) RETURNS jsonb
-- memory_store.import_contextual_memory_record(p_record jsonb) RETURNS jsonb
--
-- contextual_memory_pc2: one record per context item -> a context memory
-- (memory_id = context_id, priority from the item's priority, else
-- context_data.priority), its embedding, one tag row per tag; a session it
-- names that does not exist yet is created (session_type 'context', times
-- of the item) and never changed by a later item. p_embedding: the item's
-- embedding as the text of a JSON array, when the reader took it out of the
-- record (cast to a vector directly); without it (or NULL), the record's
-- embedding field.
-- Returns memory_store.import_result.
--
-- Errors:
--   through the functions it calls (import_context_fields): 22001, 22007,
--   22008, 22023, 23505, 39004, 54000
-- Example:
--   SELECT memory_store.import_contextual_memory_record('{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}');

CREATE OR REPLACE FUNCTION memory_store.import_contextual_memory_record(p_record jsonb, p_embedding text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    f record := memory_store.import_context_fields(p_record, p_embedding);
    v_outcomes text[] := ARRAY[]::text[];
    v_item jsonb;
BEGIN
    IF f.session_id IS NOT NULL THEN
        v_outcomes := v_outcomes || memory_store.import_put_session(
            f.session_id, NULL, f.created_at, f.created_at, '{"import_stub": "contextual_memory_pc2"}', NULL, 'context',
            false);
    END IF;
    v_item := memory_store.import_put_item(NULL, f.memory_id, f.session_id, 'context', f.content, f.source_agent,
                                           f.created_at, f.expires_at, f.priority, f.tags, f.embedding,
                                           f.embedding_model);
    RETURN memory_store.import_result(
        v_outcomes || ARRAY(SELECT jsonb_array_elements_text(v_item -> 'outcomes')), '[]');
END
$fn$;

COMMENT ON FUNCTION memory_store.import_contextual_memory_record(p_record jsonb, p_embedding text) IS 'Legacy import: one contextual_memory_pc2 context item -> a context memory (with its priority), its embedding and tags (and a stub session). Example: SELECT memory_store.import_contextual_memory_record(''{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}'');';

CREATE OR REPLACE FUNCTION memory_store.import_contextual_memory_record(p_record jsonb)
RETURNS jsonb
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_contextual_memory_record(p_record, NULL) $fn$;

COMMENT ON FUNCTION memory_store.import_contextual_memory_record(p_record jsonb) IS 'Legacy import: one contextual_memory_pc2 context item, its embedding read from the record. Example: SELECT memory_store.import_contextual_memory_record(''{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}'');';
