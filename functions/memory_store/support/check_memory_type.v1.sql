-- memory_store.check_memory_type(p_memory_type text) RETURNS text
--
-- memory_type must be one of memory_store.memory_types (22023).
--
-- Errors:
--   22023 unknown memory_type %
-- Example:
--   PERFORM memory_store.check_memory_type(t) FROM unnest(p_memory_types) AS t;   -- in memory_store.batch_read_archived_impl

CREATE OR REPLACE FUNCTION memory_store.check_memory_type(p_memory_type text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_memory_type IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_types WHERE memory_type = p_memory_type) THEN
        RAISE EXCEPTION 'unknown memory_type %', quote_literal(left(p_memory_type, 64))
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'one of: ' || (SELECT string_agg(memory_type, ', ' ORDER BY memory_type)
                                          FROM memory_store.memory_types);
    END IF;
    RETURN p_memory_type;
END
$fn$;
