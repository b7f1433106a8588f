-- memory_store.page_request(p_limit integer, p_offset integer, p_sort_field
--     text, p_sort_order text, p_memory_types text[], OUT page_limit integer,
--     OUT page_offset integer, OUT sort_field text, OUT sort_desc boolean)
--     RETURNS record
--
-- The paging and sorting of a batch read (hot or archived), checked: limit
-- 1..limits().max_page_size (default 10), offset >= 0 (default 0), sort field
-- created_at / updated_at / priority (default created_at), order asc / desc
-- (default desc), every memory type known. Returns them with the defaults
-- applied; sort_desc is true for desc.
--
-- Errors:
--   22023 limit must be between 1 and %, got %
--   22023 offset must not be negative
--   22023 sort field must be created_at, updated_at or priority, got %
--   22023 sort order must be asc or desc
--   through the functions it calls: 22023 (an unknown memory type)
-- Example:
--   SELECT * FROM memory_store.page_request(20, 0, 'priority', 'asc', ARRAY['context']);

CREATE OR REPLACE FUNCTION memory_store.page_request(
    p_limit        integer,
    p_offset       integer,
    p_sort_field   text,
    p_sort_order   text,
    p_memory_types text[],
    OUT page_limit  integer,
    OUT page_offset integer,
    OUT sort_field  text,
    OUT sort_desc   boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max integer := (SELECT l.max_page_size FROM memory_store.limits() AS l);
BEGIN
    page_limit := coalesce(p_limit, 10);
    page_offset := coalesce(p_offset, 0);
    sort_field := lower(coalesce(p_sort_field, 'created_at'));
    IF page_limit NOT BETWEEN 1 AND v_max THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', v_max, page_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF page_offset < 0 THEN
        RAISE EXCEPTION 'offset must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF sort_field NOT IN ('created_at', 'updated_at', 'priority') THEN
        RAISE EXCEPTION 'sort field must be created_at, updated_at or priority, got %', quote_literal(left(p_sort_field, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF lower(coalesce(p_sort_order, 'desc')) NOT IN ('asc', 'desc') THEN
        RAISE EXCEPTION 'sort order must be asc or desc' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    sort_desc := lower(coalesce(p_sort_order, 'desc')) = 'desc';
    PERFORM memory_store.check_memory_type(t) FROM unnest(p_memory_types) AS t;
END
$fn$;

COMMENT ON FUNCTION memory_store.page_request(p_limit integer, p_offset integer, p_sort_field text, p_sort_order text, p_memory_types text[]) IS 'The checked paging and sorting of a batch read, defaults applied: page_limit, page_offset, sort_field, sort_desc. Errors: 22023 bad limit, offset, sort field, sort order or memory type.
Example: SELECT * FROM memory_store.page_request(20, 0, ''priority'', ''asc'', ARRAY[''context'']);';
