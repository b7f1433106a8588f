-- Archived memories in the typed agent API: read them when asked for
-- explicitly, restore a memory or a session. Thin SECURITY DEFINER wrappers
-- over memory_store.*archived*_impl that add the audit row (request_data
-- carries "archived": true). memory.read_memory, batch_read_memories and
-- the searches never see archived memories.

-- memory.read_archived_memory: one archived memory with its tags.
CREATE FUNCTION memory.read_archived_memory(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'archived', true);
BEGIN
    v_result := memory_store.reveal_archived(memory_store.read_archived_memory_impl(p_memory_id), true);
    PERFORM memory_store.audit('read', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.read_archived_memory(text) IS
$$Returns one archived memory (moved to cold storage with its session, or by the retention budget) with its tags; read_memory does not see it. A sensitive memory comes decrypted, and only with the key in memory.encryption_key. Errors: 22004 (the key too), 22023 (a bad key too), MO001 not archived (or expired), 42501 the key does not open it.
Example: SELECT * FROM memory.read_archived_memory('m-1');$$;

-- memory.batch_read_archived_memories: archived memories by ids and/or filter, sorted and paged.
CREATE FUNCTION memory.batch_read_archived_memories(
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
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_page;
    v_request jsonb := jsonb_build_object(
        'memory_ids', to_jsonb(p_memory_ids), 'memory_types', to_jsonb(p_memory_types), 'session_id', p_session_id,
        'user_id', p_user_id, 'source_agent', p_source_agent, 'tags', to_jsonb(p_tags),
        'created_after', p_created_after, 'created_before', p_created_before,
        'limit', p_limit, 'offset', p_offset, 'sort_field', p_sort_field, 'sort_order', p_sort_order,
        'archived', true);
BEGIN
    v_result := memory_store.batch_read_archived_impl(p_memory_ids, p_memory_types, p_session_id, p_user_id,
                                                      p_source_agent, p_tags, p_created_after, p_created_before,
                                                      p_limit, p_offset, p_sort_field, p_sort_order);
    PERFORM memory_store.audit('read', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.batch_read_archived_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text) IS
$$Reads archived memories by ids and/or filter (types, session, user, source agent, all of the tags, created time range), sorted by created_at / updated_at / priority, paged, as batch_read_memories does for hot ones. Errors: 22023 bad limit/offset/sort/type/id.
Example: SELECT (p).total_count FROM memory.batch_read_archived_memories(p_user_id => 'u-1', p_limit => 50) AS p;$$;

-- memory.restore_archived_memory: one archived memory back to the hot tables.
CREATE FUNCTION memory.restore_archived_memory(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'restore', true, 'archived', true);
BEGIN
    v_result := memory_store.restore_archived_memory_impl(p_memory_id);
    PERFORM memory_store.audit('update', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.restore_archived_memory(text) IS
$$Moves one archived memory back to the hot tables (embedding included; tags and relationships were kept) and un-archives its session (its other archived memories stay archived); a memory that is not archived is returned as it is. Returns the memory. Errors: 22004, 22023, MO001 no such memory (or its archived copy expired).
Example: SELECT * FROM memory.restore_archived_memory('m-1');$$;

-- memory.restore_archived_session: every archived memory of a session back.
CREATE FUNCTION memory.restore_archived_session(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.session_record;
    v_request jsonb := jsonb_build_object('session_id', p_session_id, 'restore', true, 'archived', true);
BEGIN
    v_result := memory_store.restore_archived_session_impl(p_session_id);
    PERFORM memory_store.audit('update', NULL, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.restore_archived_session(text) IS
$$Moves every archived (unexpired) memory of a session back to the hot tables and clears the session's is_archived; the session counts as active again from now (the archive job takes it again after archive_after_ended / archive_after_idle). Returns the session. Errors: 22004, 22023, MO002 no such session.
Example: SELECT * FROM memory.restore_archived_session('s-1');$$;
