-- memory_store.purge_batch_size(p_batch_size integer DEFAULT NULL::integer)
--     RETURNS integer
--
-- The batch size of a purge: the argument, else the setting purge_batch_size.
--
-- Errors:
--   22023 out of range.
-- Example:
--   SELECT memory_store.purge_batch_size(NULL);

CREATE OR REPLACE FUNCTION memory_store.purge_batch_size(p_batch_size integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.job_batch_size(p_batch_size, 'purge_batch_size');
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_batch_size(p_batch_size integer) IS 'The batch size a purge job uses: p_batch_size when given (1..100000), else the setting purge_batch_size. Errors: 22023 out of range.
Example: SELECT memory_store.purge_batch_size(NULL);';
