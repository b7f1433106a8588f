-- memory.list_tags(p_memory_id text) RETURNS text[]
--
-- The tags of a visible memory, sorted (empty array when it has none).
--
-- Errors:
--   22004 missing memory_id, 22023 malformed id, MO001 no such visible
--   memory.
-- Example:
--   SELECT memory.list_tags('m-1');  -- {paris,travel}

CREATE OR REPLACE FUNCTION memory.list_tags(p_memory_id text)
RETURNS text[]
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id);
    v_result  text[];
BEGIN
    v_result := memory_store.list_tags_impl(p_memory_id);
    PERFORM memory_store.audit('read', p_memory_id, NULL, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.list_tags(p_memory_id text) IS 'The tags of a visible memory, sorted (empty array when it has none). Errors: 22004 missing memory_id, 22023 malformed id, MO001 no such visible memory.
Example: SELECT memory.list_tags(''m-1'');  -- {paris,travel}';
