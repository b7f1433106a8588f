-- memory_store.check_priority(p_priority integer) RETURNS integer
--
-- priority must be 1..10 (22023).
--
-- Errors:
--   22023 priority must be between 1 and 10, got %
-- Example:
--   memory_store.check_priority(p_priority)
--   (as memory_store.create_memory_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_priority(p_priority integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_priority IS NOT NULL AND p_priority NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION 'priority must be between 1 and 10, got %', p_priority
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_priority;
END
$fn$;
