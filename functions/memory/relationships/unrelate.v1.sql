-- memory.unrelate(p_source_memory_id text, p_target_memory_id text,
--     p_relationship_type text DEFAULT NULL::text) RETURNS boolean
--
-- Removes the link source -> target of the given type (of every type when
-- p_relationship_type is NULL); true when a link was removed, false when
-- there was none.
--
-- Errors:
--   22004 missing id, 22023 malformed id or type, MO001 no such visible
--   memory.
-- Example:
--   SELECT memory.unrelate('m-1', 'm-2', 'follows_up');  -- true

CREATE OR REPLACE FUNCTION memory.unrelate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('source_memory_id', p_source_memory_id, 'target_memory_id', p_target_memory_id,
                                          'relationship_type', p_relationship_type);
    v_result  boolean;
BEGIN
    v_result := memory_store.unrelate_impl(p_source_memory_id, p_target_memory_id, p_relationship_type);
    PERFORM memory_store.audit('delete', p_source_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', p_source_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.unrelate(p_source_memory_id text, p_target_memory_id text, p_relationship_type text) IS 'Removes the link source -> target of the given type (of every type when p_relationship_type is NULL); true when a link was removed, false when there was none. Errors: 22004 missing id, 22023 malformed id or type, MO001 no such visible memory.
Example: SELECT memory.unrelate(''m-1'', ''m-2'', ''follows_up'');  -- true';
