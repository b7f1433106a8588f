-- memory.bulk_delete_memories(p_memory_type text DEFAULT NULL::text,
--     p_older_than timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_tags text[] DEFAULT NULL::text[], p_session_id text
--     DEFAULT NULL::text, p_hard boolean DEFAULT false) RETURNS bigint
--
-- memory.bulk_delete_memories: every visible memory matching a filter.
--
-- Errors:
--   through the functions it calls: 22023, 39004, 55000
-- Example:
--   SELECT memory.bulk_delete_memories(p_memory_type => 'context', p_older_than => now() - interval '30 days');

CREATE OR REPLACE FUNCTION memory.bulk_delete_memories(
    p_memory_type text DEFAULT NULL,
    p_older_than  timestamptz DEFAULT NULL,
    p_tags        text[] DEFAULT NULL,
    p_session_id  text DEFAULT NULL,
    p_hard        boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_count   bigint;
    v_request jsonb := jsonb_build_object('memory_type', p_memory_type, 'older_than', p_older_than,
                                          'tags', to_jsonb(p_tags), 'session_id', p_session_id, 'hard', p_hard);
BEGIN
    v_count := memory_store.bulk_delete_impl(p_memory_type, p_older_than, p_tags, p_session_id, p_hard);
    PERFORM memory_store.audit('delete', NULL, p_session_id, v_request || jsonb_build_object('deleted', v_count), true);
    RETURN v_count;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.bulk_delete_memories(p_memory_type text, p_older_than timestamp with time zone, p_tags text[], p_session_id text, p_hard boolean) IS 'Deletes every memory matching (soft: visible ones become inactive; p_hard: every matching row, soft-deleted and expired included) memory_type, created before p_older_than, carrying all p_tags, in p_session_id; at least one filter is required (22004). Returns the count.
Example: SELECT memory.bulk_delete_memories(p_memory_type => ''context'', p_older_than => now() - interval ''30 days'');';
