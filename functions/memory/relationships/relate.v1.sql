-- memory.relate(p_source_memory_id text, p_target_memory_id text,
--     p_relationship_type text, p_metadata jsonb DEFAULT NULL::jsonb)
--     RETURNS memory.relationship
--
-- The agent API for relationships between memories: memory.relate,
-- memory.unrelate, memory.walk_relationships. Each call writes one audit row
-- (relate: create, unrelate: delete, walk: read), successful or not.
--
-- Errors:
--   22004 missing argument, 22023 self-relation / malformed id or type /
--   metadata not an object, 54000 metadata too big, MO001 no such visible
--   memory.
-- Example:
--   SELECT * FROM memory.relate('m-1', 'm-2', 'follows_up', '{"confidence": 0.9}');

CREATE OR REPLACE FUNCTION memory.relate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text,
                              p_metadata jsonb DEFAULT NULL)
RETURNS memory.relationship
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('source_memory_id', p_source_memory_id, 'target_memory_id', p_target_memory_id,
                                          'relationship_type', p_relationship_type, 'metadata', p_metadata);
    v_result  memory.relationship;
BEGIN
    v_result := memory_store.relate_impl(p_source_memory_id, p_target_memory_id, p_relationship_type, p_metadata);
    PERFORM memory_store.audit('create', p_source_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_source_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.relate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text, p_metadata jsonb) IS 'Links two visible memories, source -> target, with a relationship type (1..32 characters) and optional metadata (a JSON object). Idempotent on (source, target, type): a repeated call returns the existing row, metadata unchanged. Errors: 22004 missing argument, 22023 self-relation / malformed id or type / metadata not an object, 54000 metadata too big, MO001 no such visible memory.
Example: SELECT * FROM memory.relate(''m-1'', ''m-2'', ''follows_up'', ''{"confidence": 0.9}'');';
