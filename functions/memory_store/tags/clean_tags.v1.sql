-- memory_store.clean_tags(p_tags text[]) RETURNS text[]
--
-- Validated, de-duplicated tags (each 1..64 characters, at most max_tags).
--
-- Errors:
--   22023 tags must not contain null
-- Example:
--   memory_store.clean_tags(p_tags)
--   (as memory_store.create_memory_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.clean_tags(p_tags text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[];
BEGIN
    IF p_tags IS NULL THEN
        RETURN NULL;
    END IF;
    IF array_position(p_tags, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'tags must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(DISTINCT memory_store.check_id('tag', t)), '{}') INTO v_tags FROM unnest(p_tags) AS t;
    IF cardinality(v_tags) > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % tags per memory, got %', (SELECT max_tags FROM memory_store.limits()), cardinality(v_tags)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_tags;
END
$fn$;
