-- memory_store.batch_read_archived_impl(p_memory_ids text[] DEFAULT
--     NULL::text[], p_memory_types text[] DEFAULT NULL::text[],
--     p_session_id text DEFAULT NULL::text, p_user_id text DEFAULT
--     NULL::text, p_source_agent text DEFAULT NULL::text, p_tags text[]
--     DEFAULT NULL::text[], p_created_after timestamp with time zone
--     DEFAULT NULL::timestamp with time zone, p_created_before timestamp
--     with time zone DEFAULT NULL::timestamp with time zone, p_limit
--     integer DEFAULT 10, p_offset integer DEFAULT 0, p_sort_field text
--     DEFAULT 'created_at'::text, p_sort_order text DEFAULT 'desc'::text)
--     RETURNS memory.memory_page
--
-- A page of archived memories matching a filter (the filters, sort and
-- paging of memory_store.batch_read_impl, on the archive):
-- memory_store.memory_page_read over memory_archive.memory_entries;
-- soft-deleted memories included, expired ones not.
--
-- Errors:
--   22023 limit must be between 1 and %, got % (the paging errors), at most
--   % memory_ids per call, a malformed session_id / user_id
-- Example:
--   memory_store.batch_read_archived_impl(p_memory_ids, p_memory_types,
--       p_session_id, p_user_id, p_source_agent, p_tags,
--       p_created_after, p_created_before, p_limit, p_offset,
--       p_sort_field, p_sort_order)
--   (as memory.batch_read_archived_memories calls it)

CREATE OR REPLACE FUNCTION memory_store.batch_read_archived_impl(
    p_memory_ids     text[] DEFAULT NULL,
    p_memory_types   text[] DEFAULT NULL,
    p_session_id     text DEFAULT NULL,
    p_user_id        text DEFAULT NULL,
    p_source_agent   text DEFAULT NULL,
    p_tags           text[] DEFAULT NULL,
    p_created_after  timestamptz DEFAULT NULL,
    p_created_before timestamptz DEFAULT NULL,
    p_limit          integer DEFAULT 10,
    p_offset         integer DEFAULT 0,
    p_sort_field     text DEFAULT 'created_at',
    p_sort_order     text DEFAULT 'desc')
RETURNS memory.memory_page
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.memory_page_read('archive', NULL, p_memory_ids, p_memory_types, p_session_id, p_user_id,
                                         p_source_agent, p_tags, p_created_after, p_created_before,
                                         true, false, p_limit, p_offset, p_sort_field, p_sort_order)
$fn$;
