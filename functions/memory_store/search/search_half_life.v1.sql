-- memory_store.search_half_life() RETURNS interval
--
-- The half-life of rank_by = 'blended': the setting
-- memory_store.rank_half_life (an interval; a DBA sets it per database or
-- role with ALTER DATABASE / ALTER ROLE ... SET, a caller per session),
-- 30 days when it is not set. A memory last changed one half-life ago
-- weighs half as much as one changed now (docs/ranking.md).
--
-- Errors:
--   22023 memory_store.rank_half_life must be an interval between 1 minute and 100 years, got %
-- Example:
--   SELECT memory_store.search_half_life();

CREATE OR REPLACE FUNCTION memory_store.search_half_life()
RETURNS interval
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_text  text := nullif(current_setting('memory_store.rank_half_life', true), '');
    v_value interval;
BEGIN
    IF v_text IS NULL THEN
        RETURN interval '30 days';
    END IF;
    BEGIN
        v_value := v_text::interval;
    EXCEPTION WHEN data_exception THEN
        v_value := NULL;
    END;
    IF v_value IS NULL OR v_value NOT BETWEEN interval '1 minute' AND interval '100 years' THEN
        RAISE EXCEPTION 'memory_store.rank_half_life must be an interval between 1 minute and 100 years, got %',
                        quote_literal(left(v_text, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_half_life() IS 'The half-life of rank_by = blended: setting memory_store.rank_half_life (interval, 1 minute to 100 years), 30 days when unset; 22023 for anything else.
Example: SELECT memory_store.search_half_life();';
