-- memory_store.import_priority(p_field text, p_value jsonb) RETURNS integer
--
-- A legacy priority -> memory_entries.priority (1-10). Absent or null: 5.
-- A number (or numeric string) from 1 to 10, rounded to the nearest
-- integer. A word, any case: lowest 1, low 3, normal 5, medium 5, high 8,
-- highest 10, urgent 10, critical 10.
--
-- Errors:
--   22023 %: expected a number from 1 to 10 or one of lowest, low, normal,
--   medium, high, highest, urgent, critical; got %
-- Example:
--   SELECT memory_store.import_priority('priority', '"high"');

CREATE OR REPLACE FUNCTION memory_store.import_priority(p_field text, p_value jsonb)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_text text := lower(btrim(p_value #>> '{}'));
    v_number numeric;
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN 5;
    END IF;
    IF jsonb_typeof(p_value) IN ('number', 'string') THEN
        CASE v_text
            WHEN 'lowest' THEN RETURN 1;
            WHEN 'low' THEN RETURN 3;
            WHEN 'normal', 'medium' THEN RETURN 5;
            WHEN 'high' THEN RETURN 8;
            WHEN 'highest', 'urgent', 'critical' THEN RETURN 10;
            ELSE NULL;
        END CASE;
        IF v_text ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$' THEN
            v_number := round(v_text::numeric);
            IF v_number BETWEEN 1 AND 10 THEN
                RETURN v_number::integer;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION '%: expected a number from 1 to 10 or one of lowest, low, normal, medium, high, highest, urgent, critical; got %',
                    p_field, left(p_value::text, 40)
        USING ERRCODE = 'invalid_parameter_value';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_priority(p_field text, p_value jsonb) IS 'Legacy import: a priority (1-10, or lowest/low/normal/medium/high/highest/urgent/critical) -> 1..10; 5 when absent. Example: SELECT memory_store.import_priority(''priority'', ''"high"'');';
