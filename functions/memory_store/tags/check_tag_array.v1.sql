-- memory_store.check_tag_array(p_tags text[]) RETURNS text[]
--
-- A list of tags as given by a caller -> the distinct tags, sorted.
-- NULL list: 22004. Empty list, NULL element, blank tag, tag over
-- max_tag_length characters or with control characters: 22023.
--
-- Errors:
--   22023 tags must name at least one tag
--   through the functions it calls: 39004
-- Example:
--   memory_store.check_tag_array(p_tags)
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_tag_array(p_tags text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tag text;
    v_max integer := (SELECT max_tag_length FROM memory_store.limits());
BEGIN
    PERFORM memory_store.require('tags', p_tags);
    IF cardinality(p_tags) = 0 THEN
        RAISE EXCEPTION 'tags must name at least one tag' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH v_tag IN ARRAY p_tags LOOP
        IF v_tag IS NULL THEN
            RAISE EXCEPTION 'tags must not contain NULL' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM memory_store.check_id('tag', v_tag, v_max);
        IF btrim(v_tag) = '' THEN
            RAISE EXCEPTION 'a tag must not be blank' USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT DISTINCT t FROM unnest(p_tags) AS t ORDER BY t);
END
$fn$;
