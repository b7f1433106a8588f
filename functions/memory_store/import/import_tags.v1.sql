-- memory_store.import_tags(p_field text, p_value jsonb) RETURNS text[]
--
-- Tags: absent/null = none; otherwise an array of non-empty strings of at
-- most 64 characters, duplicates dropped, order kept.
--
-- Errors:
--   22023 %: expected an array of strings, got %
-- Example:
--   SELECT memory_store.import_tags('tags', '["a", "b", "a"]');

CREATE OR REPLACE FUNCTION memory_store.import_tags(p_field text, p_value jsonb)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[];
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN ARRAY[]::text[];
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '%: expected an array of strings, got %', p_field, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) e
                WHERE jsonb_typeof(e) <> 'string' OR e #>> '{}' = '' OR length(e #>> '{}') > 64) THEN
        RAISE EXCEPTION '%: every tag must be a non-empty string of at most 64 characters', p_field
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(tag ORDER BY first_pos), ARRAY[]::text[]) INTO v_tags
      FROM (SELECT e #>> '{}' AS tag, min(pos) AS first_pos
              FROM jsonb_array_elements(p_value) WITH ORDINALITY AS t(e, pos)
             GROUP BY 1) AS d;
    RETURN v_tags;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_tags(p_field text, p_value jsonb) IS 'Legacy import: a tag array, checked and deduplicated. Example: SELECT memory_store.import_tags(''tags'', ''["a", "b", "a"]'');';
