-- memory_store.import_extra(p_record jsonb, p_known text[]) RETURNS jsonb
--
-- The fields of a record the mapping does not know, as one object (or NULL):
-- they are kept in the target's JSONB under "legacy_extra", never lost.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_extra('{"a": 1, "b": 2}', ARRAY['a']);

CREATE OR REPLACE FUNCTION memory_store.import_extra(p_record jsonb, p_known text[])
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN p_record - p_known = '{}'::jsonb THEN NULL ELSE p_record - p_known END
$fn$;

COMMENT ON FUNCTION memory_store.import_extra(p_record jsonb, p_known text[]) IS 'Legacy import: the unknown fields of a record, or NULL. Example: SELECT memory_store.import_extra(''{"a": 1, "b": 2}'', ARRAY[''a'']);';
