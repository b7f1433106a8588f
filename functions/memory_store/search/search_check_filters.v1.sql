-- memory_store.search_check_filters(p_memory_types text[], p_session_id
--     text, p_user_id text, p_source_agent text, p_tags text[],
--     p_created_after timestamp with time zone, p_created_before timestamp
--     with time zone, p_include_inactive boolean, p_limit integer) RETURNS
--     void
--
-- Validates the common filters and the limit; raises 22004 / 22023 / 54000.
--
-- Errors:
--   22023 limit must be between 1 and %, got %
--   54000 at most 64 memory_types, got %
--   through the functions it calls: 39004
-- Example:
--   PERFORM memory_store.search_check_filters('{context}', NULL, 'u1', NULL, NULL, NULL, NULL, false, 10);

CREATE OR REPLACE FUNCTION memory_store.search_check_filters(
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean,
    p_limit integer)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_item text;
BEGIN
    PERFORM memory_store.require('limit', p_limit);
    PERFORM memory_store.require('include_inactive', p_include_inactive);
    IF p_limit NOT BETWEEN 1 AND (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', (SELECT max_page_size FROM memory_store.limits()), p_limit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_memory_types) > 64 THEN
        RAISE EXCEPTION 'at most 64 memory_types, got %', cardinality(p_memory_types)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    FOREACH v_item IN ARRAY coalesce(p_memory_types, '{}') LOOP
        PERFORM memory_store.check_memory_type(memory_store.require('memory_types element', v_item));
    END LOOP;
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    IF cardinality(p_tags) > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % tags, got %', (SELECT max_tags FROM memory_store.limits()), cardinality(p_tags)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    FOREACH v_item IN ARRAY coalesce(p_tags, '{}') LOOP
        PERFORM memory_store.check_id('tag', memory_store.require('tags element', v_item),
                                      (SELECT max_tag_length FROM memory_store.limits()));
    END LOOP;
    IF p_created_after > p_created_before THEN
        RAISE EXCEPTION 'created_after (%) is later than created_before (%)', p_created_after, p_created_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_check_filters(p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer) IS 'Validates the search filters: limit 1..max_page_size (22004 NULL, 22023 out of range), known memory types (22023), ids and tags (22023), created_after <= created_before (22023).
Example: PERFORM memory_store.search_check_filters(''{context}'', NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10);';
