-- memory.batch_read_memories(p_memory_ids text[] DEFAULT NULL::text[],
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
-- memory.batch_read_memories: ids and/or a filter, sorted and paged.
--
-- A read-only call: when the caller's transaction has written nothing else,
-- its audit row commits without waiting for the WAL flush
-- (memory_store.audit_read_commit; docs/audit.md says what a crash can lose).
--
-- Errors:
--   22023 bad limit/offset/sort/type.
-- Example:
--   SELECT (p).total_count, (p).has_more FROM memory.batch_read_memories(p_user_id => 'u-1', p_memory_types => ARRAY['conversation'], p_limit => 20) AS p;

CREATE OR REPLACE FUNCTION memory.batch_read_memories(
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
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_page;
    v_request jsonb := jsonb_build_object(
        'memory_ids', to_jsonb(p_memory_ids), 'memory_types', to_jsonb(p_memory_types), 'session_id', p_session_id,
        'user_id', p_user_id, 'source_agent', p_source_agent, 'tags', to_jsonb(p_tags),
        'created_after', p_created_after, 'created_before', p_created_before, 'include_inactive', p_include_inactive,
        'limit', p_limit, 'offset', p_offset, 'sort_field', p_sort_field, 'sort_order', p_sort_order);
BEGIN
    v_result := memory_store.batch_read_impl(p_memory_ids, p_memory_types, p_session_id, p_user_id, p_source_agent,
                                             p_tags, p_created_after, p_created_before, p_include_inactive,
                                             p_limit, p_offset, p_sort_field, p_sort_order);
    PERFORM memory_store.audit_read_commit(false);
    PERFORM memory_store.audit('read', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.batch_read_memories(p_memory_ids text[], p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean, p_limit integer, p_offset integer, p_sort_field text, p_sort_order text) IS 'Reads memories by ids and/or filter (types, session, user, source agent, all of the tags, created time range), sorted by created_at / updated_at / priority, paged; returns memories, total_count and paging. Errors: 22023 bad limit/offset/sort/type.
Example: SELECT (p).total_count, (p).has_more FROM memory.batch_read_memories(p_user_id => ''u-1'', p_memory_types => ARRAY[''conversation''], p_limit => 20) AS p;';
