-- memory_store.import_status(p_outcomes text[]) RETURNS text
--
-- Fold the outcomes of a record's writes into its status.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_status(ARRAY['unchanged']);

CREATE OR REPLACE FUNCTION memory_store.import_status(p_outcomes text[])
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN 'inserted' = ANY (p_outcomes) THEN 'imported'
                WHEN 'updated' = ANY (p_outcomes) THEN 'updated'
                ELSE 'skipped' END
$fn$;

COMMENT ON FUNCTION memory_store.import_status(p_outcomes text[]) IS 'Legacy import: imported if anything was inserted, updated if only updated, else skipped (a duplicate). Example: SELECT memory_store.import_status(ARRAY[''unchanged'']);';
