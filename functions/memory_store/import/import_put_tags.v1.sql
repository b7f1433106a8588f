-- memory_store.import_put_tags(p_memory_id text, p_tags text[]) RETURNS
--     integer
--
-- Add the tags a memory lacks (never removes one an agent added since).
-- Returns how many were added.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_put_tags('m-1', ARRAY['a']);

CREATE OR REPLACE FUNCTION memory_store.import_put_tags(p_memory_id text, p_tags text[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_added integer;
BEGIN
    INSERT INTO memory_store.memory_tags (memory_id, tag)
    SELECT p_memory_id, t.tag
      FROM unnest(p_tags) WITH ORDINALITY AS t(tag, pos)
     WHERE NOT EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = p_memory_id AND x.tag = t.tag)
     ORDER BY t.pos
    ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    RETURN v_added;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_tags(p_memory_id text, p_tags text[]) IS 'Legacy import: add the missing tags of a memory; returns the number added. Example: SELECT memory_store.import_put_tags(''m-1'', ARRAY[''a'']);';
