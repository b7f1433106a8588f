-- memory_store.job_batch_size(p_batch_size integer, p_setting text) RETURNS
--     integer
--
-- The batch size of a lifecycle job: p_batch_size when given (1..100000),
-- else the integer lifecycle setting p_setting (purge_batch_size,
-- archive_batch_size). purge_batch_size() and archive_batch_size() name the
-- setting of their jobs.
--
-- Errors:
--   22023 batch size must be between 1 and 100000, got %
--   through the functions it calls: 22023 (no such setting)
-- Example:
--   SELECT memory_store.job_batch_size(NULL, 'purge_batch_size');

CREATE OR REPLACE FUNCTION memory_store.job_batch_size(p_batch_size integer, p_setting text)
RETURNS integer
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_batch_size IS NULL THEN
        RETURN memory_store.lifecycle_int(p_setting);
    END IF;
    IF p_batch_size NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch size must be between 1 and 100000, got %', p_batch_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_batch_size;
END
$fn$;

COMMENT ON FUNCTION memory_store.job_batch_size(p_batch_size integer, p_setting text) IS 'The batch size of a lifecycle job: p_batch_size when given (1..100000), else the lifecycle setting p_setting. Errors: 22023 out of range or no such setting.
Example: SELECT memory_store.job_batch_size(NULL, ''purge_batch_size'');';
