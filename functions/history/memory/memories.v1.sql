-- The typed memory API: thin SECURITY DEFINER wrappers over the
-- memory_store.*_impl functions that add the audit row. A successful call is
-- audited in the caller's transaction; a failing one through
-- memory_store.audit_autonomous, so its row survives the raise.

-- memory.create_memory: a new memory with tags and an optional embedding.
CREATE FUNCTION memory.create_memory(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text DEFAULT NULL,
    p_source_agent    text DEFAULT NULL,
    p_tags            text[] DEFAULT NULL,
    p_ttl_seconds     integer DEFAULT NULL,
    p_expires_at      timestamptz DEFAULT NULL,
    p_priority        integer DEFAULT NULL,
    p_embedding       extensions.vector DEFAULT NULL,
    p_embedding_model text DEFAULT NULL,
    p_memory_id       text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object(
        'memory_type', p_memory_type, 'content', p_content, 'session_id', p_session_id,
        'source_agent', p_source_agent, 'tags', to_jsonb(p_tags), 'ttl', p_ttl_seconds, 'expires_at', p_expires_at,
        'priority', p_priority, 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'embedding_model', p_embedding_model, 'memory_id', p_memory_id);
BEGIN
    v_result := memory_store.create_memory_impl(p_memory_type, p_content, p_session_id, p_source_agent, p_tags,
                                                p_ttl_seconds, p_expires_at, p_priority, p_embedding,
                                                p_embedding_model, p_memory_id);
    PERFORM memory_store.audit('create', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_memory_id, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.create_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text) IS
$$Creates a memory (content.text feeds keyword search) with tags, ttl or expires_at, priority 1..10 and an optional 1536-d embedding; a caller-chosen p_memory_id makes retries idempotent. Errors: 22004 missing, 22023 invalid, 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT * FROM memory.create_memory(p_memory_type => 'conversation', p_content => '{"text": "I like tea"}', p_session_id => 's-1', p_tags => ARRAY['preference'], p_ttl_seconds => 86400);$$;

-- memory.read_memory: one memory with its tags.
CREATE FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'include_inactive', p_include_inactive);
BEGIN
    v_result := memory_store.read_memory_impl(p_memory_id, p_include_inactive);
    PERFORM memory_store.audit('read', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.read_memory(text, boolean) IS
$$Returns one memory with its tags; soft-deleted and expired memories only with p_include_inactive. Errors: 22004, 22023, MO001 not found.
Example: SELECT * FROM memory.read_memory('m-1');$$;

-- memory.update_memory: a partial update; arguments left NULL keep their value.
CREATE FUNCTION memory.update_memory(
    p_memory_id     text,
    p_content       jsonb DEFAULT NULL,
    p_merge_content boolean DEFAULT false,
    p_tags          text[] DEFAULT NULL,
    p_ttl_seconds   integer DEFAULT NULL,
    p_expires_at    timestamptz DEFAULT NULL,
    p_clear_expiry  boolean DEFAULT false,
    p_priority      integer DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object(
        'memory_id', p_memory_id, 'content', p_content, 'merge_content', p_merge_content, 'tags', to_jsonb(p_tags),
        'ttl', p_ttl_seconds, 'expires_at', p_expires_at, 'clear_expiry', p_clear_expiry, 'priority', p_priority);
BEGIN
    v_result := memory_store.update_memory_impl(p_memory_id, p_content, p_merge_content, p_tags, p_ttl_seconds,
                                                p_expires_at, p_clear_expiry, p_priority);
    PERFORM memory_store.audit('update', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.update_memory(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer) IS
$$Partially updates a visible memory: content (replaced, or merged key by key with p_merge_content), tags (replaced), ttl / expires_at (or p_clear_expiry), priority; updated_at follows. Errors: 22004, 22023, 54000, MO001.
Example: SELECT * FROM memory.update_memory('m-1', p_priority => 9, p_tags => ARRAY['important']);$$;

-- memory.delete_memory: soft delete by default, hard delete on request.
CREATE FUNCTION memory.delete_memory(p_memory_id text, p_hard boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'hard', p_hard);
BEGIN
    v_result := memory_store.delete_memory_impl(p_memory_id, p_hard);
    -- After a hard delete the id is gone: the log keeps it in request_data.
    PERFORM memory_store.audit('delete', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN true;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('delete', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.delete_memory(text, boolean) IS
$$Deletes a memory: soft (is_active = false, restorable) by default; p_hard removes it with its tags, embeddings and relationships. Returns true. Errors: 22004, 22023, MO001.
Example: SELECT memory.delete_memory('m-1');  SELECT memory.delete_memory('m-2', p_hard => true);$$;

-- memory.batch_read_memories: ids and/or a filter, sorted and paged.
CREATE FUNCTION memory.batch_read_memories(
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
    PERFORM memory_store.audit('read', NULL, p_session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text) IS
$$Reads memories by ids and/or filter (types, session, user, source agent, all of the tags, created time range), sorted by created_at / updated_at / priority, paged; returns memories, total_count and paging. Errors: 22023 bad limit/offset/sort/type.
Example: SELECT (p).total_count, (p).has_more FROM memory.batch_read_memories(p_user_id => 'u-1', p_memory_types => ARRAY['conversation'], p_limit => 20) AS p;$$;

-- memory.bulk_delete_memories: every visible memory matching a filter.
CREATE FUNCTION memory.bulk_delete_memories(
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

COMMENT ON FUNCTION memory.bulk_delete_memories(text, timestamptz, text[], text, boolean) IS
$$Deletes every memory matching (soft: visible ones become inactive; p_hard: every matching row, soft-deleted and expired included) memory_type, created before p_older_than, carrying all p_tags, in p_session_id; at least one filter is required (22004). Returns the count.
Example: SELECT memory.bulk_delete_memories(p_memory_type => 'context', p_older_than => now() - interval '30 days');$$;
