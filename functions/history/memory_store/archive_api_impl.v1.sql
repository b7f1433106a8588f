-- Archived memories in the agent API, asked for explicitly: read one, read a
-- filtered page, restore a memory or a whole session; the DBA's restore.
-- Implementations raise typed errors and write no audit row (the typed
-- functions in schema memory and the dispatch handlers audit).
--
-- An archived memory is readable while its TTL lasts (expires_at past: the
-- archive job deletes it; MO001 until then). Archived memories are never
-- soft-deleted (only active ones are archived), so there is no
-- include_inactive here.

-- The archived memory with this id, or MO001 (not archived, or expired).
CREATE FUNCTION memory_store.read_archived_memory_impl(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT a.memory_id, a.session_id, a.memory_type, a.content, a.text_content, a.source_agent, a.created_at,
           a.updated_at, a.expires_at, a.priority, a.is_active, memory_store.tags_of(a.memory_id)
      INTO v_result
      FROM memory_archive.memory_entries a
     WHERE a.memory_id = p_memory_id AND (a.expires_at IS NULL OR a.expires_at > now());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'archived memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;

-- The archived memory record with its plaintext when it is sensitive and
-- the caller's key opens it: memory_store.reveal (change
-- sensitive_memories) for the archive, by the same rules. p_strict (single
-- reads): no key 22004, a bad key 22023, a key that does not open it 42501.
-- Not strict: the record stays redacted (content {"encrypted": true},
-- text_content NULL). Batch reads stay redacted, as for hot memories.
CREATE FUNCTION memory_store.reveal_archived(p_memory memory.memory_record, p_strict boolean DEFAULT true)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cipher  bytea;
    v_result  memory.memory_record := p_memory;
    v_key     text;
    v_content jsonb;
BEGIN
    SELECT a.content_encrypted INTO v_cipher
      FROM memory_archive.memory_entries a
     WHERE a.memory_id = p_memory.memory_id AND a.is_sensitive;
    IF v_cipher IS NULL THEN
        RETURN v_result;
    END IF;
    IF coalesce(p_strict, true) AND nullif(current_setting('memory.encryption_key', true), '') IS NULL THEN
        RAISE EXCEPTION 'memory % is sensitive: reading it needs the encryption key (setting memory.encryption_key, or the envelope''s encryption_key)',
                        quote_literal(p_memory.memory_id)
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_key := memory_store.encryption_key(coalesce(p_strict, true));
    IF v_key IS NULL THEN
        RETURN v_result;
    END IF;
    v_content := memory_store.decrypt_content(p_memory.memory_id, v_cipher, v_key, coalesce(p_strict, true));
    IF v_content IS NULL THEN
        RETURN v_result;
    END IF;
    v_result.content := v_content;
    v_result.text_content := v_content ->> 'text';
    RETURN v_result;
END
$fn$;

-- A page of archived memories matching a filter (the filters, sort and
-- paging of memory_store.batch_read_impl, on the archive).
CREATE FUNCTION memory_store.batch_read_archived_impl(
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
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max    integer := (SELECT l.max_page_size FROM memory_store.limits() AS l);
    v_limit  integer := coalesce(p_limit, 10);
    v_offset integer := coalesce(p_offset, 0);
    v_field  text := lower(coalesce(p_sort_field, 'created_at'));
    v_desc   boolean;
    v_page   memory.memory_page;
BEGIN
    IF v_limit NOT BETWEEN 1 AND v_max THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', v_max, v_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_offset < 0 THEN
        RAISE EXCEPTION 'offset must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_field NOT IN ('created_at', 'updated_at', 'priority') THEN
        RAISE EXCEPTION 'sort field must be created_at, updated_at or priority, got %', quote_literal(left(p_sort_field, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF lower(coalesce(p_sort_order, 'desc')) NOT IN ('asc', 'desc') THEN
        RAISE EXCEPTION 'sort order must be asc or desc' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_desc := lower(coalesce(p_sort_order, 'desc')) = 'desc';
    PERFORM memory_store.check_memory_type(t) FROM unnest(p_memory_types) AS t;
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    IF cardinality(p_memory_ids) > v_max THEN
        RAISE EXCEPTION 'at most % memory_ids per call', v_max USING ERRCODE = 'invalid_parameter_value';
    END IF;

    WITH matching AS (
        SELECT a.*, count(*) OVER () AS total
          FROM memory_archive.memory_entries a
         WHERE (p_memory_ids IS NULL OR a.memory_id = ANY (p_memory_ids))
           AND (p_memory_types IS NULL OR a.memory_type = ANY (p_memory_types))
           AND (p_session_id IS NULL OR a.session_id = p_session_id)
           AND (p_user_id IS NULL OR a.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
           AND (p_source_agent IS NULL OR a.source_agent = p_source_agent)
           AND (p_tags IS NULL OR (SELECT count(DISTINCT t.tag) FROM memory_store.memory_tags t
                                    WHERE t.memory_id = a.memory_id AND t.tag = ANY (p_tags))
                                  = cardinality(ARRAY(SELECT DISTINCT unnest(p_tags))))
           AND (p_created_after IS NULL OR a.created_at >= p_created_after)
           AND (p_created_before IS NULL OR a.created_at < p_created_before)
           AND (a.expires_at IS NULL OR a.expires_at > now())
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

-- Restores one archived memory to the hot tables (with its embedding; its
-- tags and relationships never left) and un-archives its session, whose
-- other archived memories stay archived until restored. A memory that is
-- already hot is returned unchanged (idempotent retries); MO001 when the id
-- is neither, or the archived memory has expired.
CREATE FUNCTION memory_store.restore_archived_memory_impl(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text;
    v_expires_at timestamptz;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT a.session_id::text, a.expires_at INTO v_session_id, v_expires_at
      FROM memory_archive.memory_entries a WHERE a.memory_id = p_memory_id;
    IF FOUND THEN
        IF v_expires_at <= now() THEN
            RAISE EXCEPTION 'archived memory % has expired', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
        END IF;
        -- The session first, FOR UPDATE: the archive job holds it FOR KEY
        -- SHARE while it moves the session's memories, so the two serialize.
        PERFORM 1 FROM memory_store.sessions s WHERE s.session_id = v_session_id FOR UPDATE;
        PERFORM memory_store.archive_restore(ARRAY[p_memory_id]);
    END IF;
    RETURN memory_store.read_memory_impl(p_memory_id, true);
END
$fn$;

-- Restores every archived (unexpired) memory of a session and clears its
-- is_archived; returns the session. MO002 when there is no such session.
-- Restoring a session that is not archived and has nothing archived returns
-- it unchanged.
CREATE FUNCTION memory_store.restore_archived_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    PERFORM 1 FROM memory_store.sessions s WHERE s.session_id = v_session_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    PERFORM memory_store.archive_restore(ARRAY(
        SELECT a.memory_id FROM memory_archive.memory_entries a
         WHERE a.session_id = v_session_id AND (a.expires_at IS NULL OR a.expires_at > now())));
    -- Also when nothing was archived yet (the job marks first, moves after).
    UPDATE memory_store.sessions s SET is_archived = false WHERE s.session_id = v_session_id AND s.is_archived;
    SELECT s.* INTO v_row FROM memory_store.sessions s WHERE s.session_id = v_session_id;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;

-- Dispatch: read_archived, payload.memory_id -> the archived memory (a
-- sensitive one decrypted with the envelope's or the session's key).
CREATE FUNCTION memory_store.dispatch_read_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.reveal_archived(memory_store.read_archived_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true)), true));
END
$fn$;

-- Dispatch: batch_read_archived, the payload of batch_read (memory_ids
-- and/or filter {memory_type | memory_types, time_range{start,end}, tags,
-- session_id, user_id, source_agent, limit, offset, sort{field, order}}).
CREATE FUNCTION memory_store.dispatch_batch_read_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_filter jsonb := coalesce(memory_store.payload_json(p_payload, 'filter', 'object'), '{}');
    v_range  jsonb := coalesce(memory_store.payload_json(v_filter, 'time_range', 'object'), '{}');
    v_sort   jsonb := coalesce(memory_store.payload_json(v_filter, 'sort', 'object'), '{}');
    v_types  text[] := coalesce(memory_store.payload_text_array(v_filter, 'memory_types'),
                                ARRAY[memory_store.payload_text(v_filter, 'memory_type')]);
    v_page   memory.memory_page;
BEGIN
    v_page := memory_store.batch_read_archived_impl(
        p_memory_ids     => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_memory_types   => CASE WHEN v_types = ARRAY[NULL::text] THEN NULL ELSE v_types END,
        p_session_id     => coalesce(memory_store.payload_text(v_filter, 'session_id'), p_session_id),
        p_user_id        => memory_store.payload_text(v_filter, 'user_id'),
        p_source_agent   => memory_store.payload_text(v_filter, 'source_agent'),
        p_tags           => memory_store.payload_text_array(v_filter, 'tags'),
        p_created_after  => memory_store.payload_timestamp(v_range, 'start'),
        p_created_before => memory_store.payload_timestamp(v_range, 'end'),
        p_limit          => coalesce(memory_store.payload_int(v_filter, 'limit'), memory_store.payload_int(p_payload, 'limit'), 10),
        p_offset         => coalesce(memory_store.payload_int(v_filter, 'offset'), memory_store.payload_int(p_payload, 'offset'), 0),
        p_sort_field     => coalesce(memory_store.payload_text(v_sort, 'field'), 'created_at'),
        p_sort_order     => coalesce(memory_store.payload_text(v_sort, 'order'), 'desc'));
    RETURN jsonb_build_object(
        'memories', (SELECT coalesce(jsonb_agg(memory_store.memory_json(v_page.memories[i]) ORDER BY i), '[]')
                       FROM generate_subscripts(v_page.memories, 1) AS i),
        'total_count', v_page.total_count,
        'page_info', jsonb_build_object('limit', v_page.page_limit, 'offset', v_page.page_offset,
                                        'has_more', v_page.has_more));
END
$fn$;

-- Dispatch: restore_archived, payload.memory_id (-> the memory) or
-- payload.session_id / the envelope's session_id (-> the session); a
-- memory_id wins over the envelope's session_id, both in the payload is 22023.
CREATE FUNCTION memory_store.dispatch_restore_archived(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id text := memory_store.payload_text(p_payload, 'memory_id');
BEGIN
    IF v_memory_id IS NOT NULL THEN
        IF memory_store.payload_text(p_payload, 'session_id') IS NOT NULL THEN
            RAISE EXCEPTION 'give memory_id or session_id, not both' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN memory_store.memory_json(memory_store.restore_archived_memory_impl(v_memory_id));
    END IF;
    RETURN to_jsonb(memory_store.restore_archived_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, true)));
END
$fn$;

-- The DBA's restore: the archived (unexpired) memories of a session, of a
-- user and/or with the given ids (every filter given must match; at least
-- one), in one transaction; their sessions lose is_archived. Returns how
-- many came back; reads no memory content. Restored memories of a user over
-- the retention budget are archived again by the next enforce_retention
-- run: raise the user's budget first (memory_store.retention_budgets).
CREATE FUNCTION memory_store.restore_archived(p_session_id text DEFAULT NULL, p_user_id text DEFAULT NULL,
                                              p_memory_ids text[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_ids text[];
BEGIN
    IF p_session_id IS NULL AND p_user_id IS NULL AND p_memory_ids IS NULL THEN
        RAISE EXCEPTION 'restore_archived needs session_id, user_id or memory_ids'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    PERFORM memory_store.check_id('memory_id', m) FROM unnest(p_memory_ids) AS m;
    IF array_position(p_memory_ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'memory_ids must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_ids := ARRAY(
        SELECT a.memory_id FROM memory_archive.memory_entries a
         WHERE (p_session_id IS NULL OR a.session_id = p_session_id)
           AND (p_user_id IS NULL OR a.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
           AND (p_memory_ids IS NULL OR a.memory_id = ANY (p_memory_ids))
           AND (a.expires_at IS NULL OR a.expires_at > now()));
    -- Their sessions first, in a fixed order (see restore_archived_memory_impl).
    PERFORM 1 FROM memory_store.sessions s
     WHERE s.session_id IN (SELECT a.session_id FROM memory_archive.memory_entries a WHERE a.memory_id = ANY (v_ids))
     ORDER BY s.session_id
       FOR UPDATE;
    RETURN memory_store.archive_restore(v_ids);
END
$fn$;

COMMENT ON FUNCTION memory_store.restore_archived(text, text, text[]) IS
$$Restores archived memories (unexpired) of a session, of a user and/or by id — every filter given must match — to the hot tables with their embeddings, and clears is_archived of their sessions; returns how many came back. For the DBA: no memory content is returned. Errors: 22004 no filter, 22023 bad id, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.restore_archived(p_user_id => 'u-1');  SELECT memory_store.restore_archived(p_session_id => 's-1');$$;
