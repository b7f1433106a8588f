-- memory_store.archive_batch_size(p_batch_size integer DEFAULT
--     NULL::integer) RETURNS integer
--
-- The batch size of an archive or retention run: the argument, else the
-- setting archive_batch_size.
--
-- Errors:
--   22023 out of range.
-- Example:
--   SELECT memory_store.archive_batch_size(NULL);

CREATE OR REPLACE FUNCTION memory_store.archive_batch_size(p_batch_size integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_batch_size IS NULL THEN
        RETURN memory_store.lifecycle_int('archive_batch_size');
    END IF;
    IF p_batch_size NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch size must be between 1 and 100000, got %', p_batch_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_batch_size;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_batch_size(p_batch_size integer) IS 'The batch size an archive or retention run uses: p_batch_size when given (1..100000), else the setting archive_batch_size. Errors: 22023 out of range.
Example: SELECT memory_store.archive_batch_size(NULL);';
