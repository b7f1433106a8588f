-- memory_store.batch_read_impl(p_memory_ids text[] DEFAULT NULL::text[],
--     p_memory_types text[] DEFAULT NULL::text[], p_session_id text DEFAULT
--     NULL::text, p_user_id text DEFAULT NULL::text, p_source_agent text
--     DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[],
--     p_created_after timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_created_before timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_include_inactive boolean DEFAULT
--     false, p_limit integer DEFAULT 10, p_offset integer DEFAULT 0,
--     p_sort_field text DEFAULT 'created_at'::text, p_sort_order text
--     DEFAULT 'desc'::text) RETURNS memory.memory_page
--
-- The memories matching a filter, one page of them, with the total count.
--
-- Errors:
--   22023 limit must be between 1 and %, got %
-- Example:
--   memory_store.batch_read_impl(p_memory_ids, p_memory_types,
--       p_session_id, p_user_id, p_source_agent, p_tags,
--       p_created_after, p_created_before, p_include_inactive, p_limit,
--       p_offset, p_sort_field, p_sort_order)
--   (as memory.batch_read_memories calls it)

CREATE OR REPLACE FUNCTION memory_store.batch_read_impl(
    p_memory_ids       text[] DEFAULT NULL,
    p_memory_types     text[] DEFAULT NULL,
    p_session_id       text DEFAULT NULL,
    p_user_id          text DEFAULT NULL,
    p_source_agent     text DEFAULT NULL,
    p_tags             text[] DEFAULT NULL,
    p_created_after    timestamptz DEFAULT NULL,
    p_created_before   timestamptz DEFAULT NULL,
    p_include_inactive boolean DEFAULT false,
    p_limit            integer DEFAULT 10,
    p_offset           integer DEFAULT 0,
    p_sort_field       text DEFAULT 'created_at',
    p_sort_order       text DEFAULT 'desc')
RETURNS memory.memory_page
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_limit  integer;
    v_offset integer;
    v_field  text;
    v_desc   boolean;
    v_page   memory.memory_page;
BEGIN
    SELECT r.page_limit, r.page_offset, r.sort_field, r.sort_desc INTO v_limit, v_offset, v_field, v_desc
      FROM memory_store.page_request(p_limit, p_offset, p_sort_field, p_sort_order, p_memory_types) AS r;
    IF cardinality(p_memory_ids) > (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % memory_ids per call', (SELECT max_page_size FROM memory_store.limits())
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    WITH matching AS (
        SELECT e.*, count(*) OVER () AS total
          FROM memory_store.memory_entries e
         WHERE (p_memory_ids IS NULL OR e.memory_id = ANY (p_memory_ids))
           AND (p_memory_types IS NULL OR e.memory_type = ANY (p_memory_types))
           AND (p_session_id IS NULL OR e.session_id = p_session_id)
           AND (p_user_id IS NULL OR e.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
           AND (p_source_agent IS NULL OR e.source_agent = p_source_agent)
           AND (p_tags IS NULL OR (SELECT count(DISTINCT t.tag) FROM memory_store.memory_tags t
                                    WHERE t.memory_id = e.memory_id AND t.tag = ANY (p_tags))
                                  = cardinality(ARRAY(SELECT DISTINCT unnest(p_tags))))
           AND (p_created_after IS NULL OR e.created_at >= p_created_after)
           AND (p_created_before IS NULL OR e.created_at < p_created_before)
           AND (coalesce(p_include_inactive, false)
                OR (e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())))
    ), page AS (
        SELECT * FROM matching
         ORDER BY CASE WHEN v_field = 'priority' AND v_desc THEN priority END DESC,
                  CASE WHEN v_field = 'priority' AND NOT v_desc THEN priority END ASC,
                  CASE WHEN v_field = 'updated_at' AND v_desc THEN updated_at END DESC,
                  CASE WHEN v_field = 'updated_at' AND NOT v_desc THEN updated_at END ASC,
                  CASE WHEN v_desc THEN created_at END DESC,
                  CASE WHEN NOT v_desc THEN created_at END ASC,
                  memory_id
         LIMIT v_limit OFFSET v_offset
    )
    SELECT coalesce(array_agg(ROW(p.memory_id, p.session_id, p.memory_type, p.content, p.text_content,
                                  p.source_agent, p.created_at, p.updated_at, p.expires_at, p.priority,
                                  p.is_active, memory_store.tags_of(p.memory_id))::memory.memory_record
                              ORDER BY p.ordinal), '{}'),
           coalesce(max(p.total), (SELECT count(*) FROM matching))
      INTO v_page.memories, v_page.total_count
      FROM (SELECT page.*, row_number() OVER () AS ordinal FROM page) AS p;

    v_page.page_limit := v_limit;
    v_page.page_offset := v_offset;
    v_page.has_more := v_offset + cardinality(v_page.memories) < v_page.total_count;
    RETURN v_page;
END
$fn$;
