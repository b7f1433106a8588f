-- memory_store.memory_page_read(p_source text, p_as_of timestamp with time
--     zone, p_memory_ids text[], p_memory_types text[], p_session_id text,
--     p_user_id text, p_source_agent text, p_tags text[], p_created_after
--     timestamp with time zone, p_created_before timestamp with time zone,
--     p_include_inactive boolean, p_include_expired boolean, p_limit
--     integer, p_offset integer, p_sort_field text, p_sort_order text)
--     RETURNS memory.memory_page
--
-- The one body of every batch read: the memories of a source that match a
-- filter (ids, types, session, user, source agent, all of the tags, created
-- time range), sorted by created_at / updated_at / priority and paged, with
-- the total count. p_source: 'hot' (memory_store.memory_entries), 'archive'
-- (memory_archive.memory_entries) or 'as_of' (memory_store.memories_as_of
-- (p_as_of): the versions valid at that instant, with their tags then).
-- Inactive rows only with p_include_inactive, expired ones (at p_as_of for
-- 'as_of', else now) only with p_include_expired. One statement, planned
-- for each call's filters (force_custom_plan): the filters not given and
-- the sources not asked for fold away, so the statement reads what the
-- given ones select through their indexes (a user's sessions, a session,
-- ids); a generic plan keeps every `p IS NULL OR ...` condition and reads
-- the whole table. A user filter is the user's sessions, looked up first.
--
-- Errors:
--   22023 limit must be between 1 and %, got % (and the other paging
--   errors of memory_store.page_request), at most % memory_ids per call, a
--   malformed session_id / user_id, an unknown source
--   through the functions it calls: 22004, 22023 (as_of)
-- Example:
--   memory_store.memory_page_read('hot', NULL, p_memory_ids, p_memory_types,
--       p_session_id, p_user_id, p_source_agent, p_tags, p_created_after,
--       p_created_before, p_include_inactive, p_include_inactive, p_limit,
--       p_offset, p_sort_field, p_sort_order)
--   (as memory_store.batch_read_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_page_read(
    p_source           text,
    p_as_of            timestamptz,
    p_memory_ids       text[],
    p_memory_types     text[],
    p_session_id       text,
    p_user_id          text,
    p_source_agent     text,
    p_tags             text[],
    p_created_after    timestamptz,
    p_created_before   timestamptz,
    p_include_inactive boolean,
    p_include_expired  boolean,
    p_limit            integer,
    p_offset           integer,
    p_sort_field       text,
    p_sort_order       text)
RETURNS memory.memory_page
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $fn$
DECLARE
    v_max      integer := (SELECT l.max_page_size FROM memory_store.limits() AS l);
    v_inactive boolean := coalesce(p_include_inactive, false);
    v_expired  boolean := coalesce(p_include_expired, false);
    v_as_of    timestamptz;
    v_now      timestamptz := now();
    v_limit    integer;
    v_offset   integer;
    v_field    text;
    v_desc     boolean;
    v_page     memory.memory_page;
    v_sessions text[];
BEGIN
    IF p_source IS NULL OR p_source NOT IN ('hot', 'archive', 'as_of') THEN
        RAISE EXCEPTION 'source must be hot, archive or as_of, got %', coalesce(quote_literal(p_source), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r.page_limit, r.page_offset, r.sort_field, r.sort_desc INTO v_limit, v_offset, v_field, v_desc
      FROM memory_store.page_request(p_limit, p_offset, p_sort_field, p_sort_order, p_memory_types) AS r;
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    IF cardinality(p_memory_ids) > v_max THEN
        RAISE EXCEPTION 'at most % memory_ids per call', v_max USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_user_id IS NOT NULL THEN
        v_sessions := ARRAY(SELECT ss.session_id FROM memory_store.sessions ss WHERE ss.user_id = p_user_id);
    END IF;
    IF p_source = 'as_of' THEN
        v_as_of := memory_store.as_of_checked(p_as_of);
        v_now := v_as_of;
    END IF;

    WITH source AS (
        SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at,
               e.updated_at, e.expires_at, e.priority, e.is_active, NULL::text[] AS tags
          FROM memory_store.memory_entries e
         WHERE p_source = 'hot'
        UNION ALL
        SELECT a.memory_id, a.session_id, a.memory_type, a.content, a.text_content, a.source_agent, a.created_at,
               a.updated_at, a.expires_at, a.priority, a.is_active, NULL::text[]
          FROM memory_archive.memory_entries a
         WHERE p_source = 'archive'
        UNION ALL
        SELECT m.memory_id, m.session_id, m.memory_type, m.content, m.text_content, m.source_agent, m.created_at,
               m.updated_at, m.expires_at, m.priority, m.is_active, m.tags
          FROM memory_store.memories_as_of(v_as_of) m
         WHERE p_source = 'as_of'
    ), matching AS (
        SELECT s.*, count(*) OVER () AS total
          FROM source s
         WHERE (p_memory_ids IS NULL OR s.memory_id = ANY (p_memory_ids))
           AND (p_memory_types IS NULL OR s.memory_type = ANY (p_memory_types))
           AND (p_session_id IS NULL OR s.session_id = p_session_id)
           AND (v_sessions IS NULL OR s.session_id = ANY (v_sessions))
           AND (p_source_agent IS NULL OR s.source_agent = p_source_agent)
           AND (p_tags IS NULL OR coalesce(s.tags, memory_store.tags_of(s.memory_id)) @> p_tags)
           AND (p_created_after IS NULL OR s.created_at >= p_created_after)
           AND (p_created_before IS NULL OR s.created_at < p_created_before)
           AND (v_inactive OR s.is_active)
           AND (v_expired OR s.expires_at IS NULL OR s.expires_at > v_now)
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
                                  p.is_active, coalesce(p.tags, memory_store.tags_of(p.memory_id)))::memory.memory_record
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

COMMENT ON FUNCTION memory_store.memory_page_read(p_source text, p_as_of timestamp with time zone, p_memory_ids text[], p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_include_expired boolean, p_limit integer, p_offset integer, p_sort_field text, p_sort_order text) IS 'The one body of the batch reads: memories of a source (hot, archive, or as_of an instant) matching a filter, sorted and paged, with the total count. Errors: 22023 bad paging / ids / source / future as_of, 22004 as_of missing.
Example: SELECT (p).total_count FROM memory_store.memory_page_read(''hot'', NULL, NULL, NULL, NULL, ''u-1'', NULL, NULL, NULL, NULL, false, false, 10, 0, ''created_at'', ''desc'') AS p;';
