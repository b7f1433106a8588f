-- Implementations of the memory operations. They validate every input
-- before writing anything, raise typed errors (see api_errors.v1.sql) and
-- write no audit row: the typed functions in schema memory and the dispatch
-- handlers call them and audit.

-- The visible memory with this id as memory.memory_record, or MO001.
CREATE FUNCTION memory_store.read_memory_impl(p_memory_id text, p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    -- The registry knows the row's created_at: the lookup prunes to one partition.
    SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at,
           e.updated_at, e.expires_at, e.priority, e.is_active, memory_store.tags_of(e.memory_id)
      INTO v_result
      FROM memory_store.memory_registry r
      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
     WHERE r.memory_id = p_memory_id
       AND (coalesce(p_include_inactive, false)
            OR (e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;

-- Validated, de-duplicated tags (each 1..64 characters, at most max_tags).
CREATE FUNCTION memory_store.clean_tags(p_tags text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[];
BEGIN
    IF p_tags IS NULL THEN
        RETURN NULL;
    END IF;
    IF array_position(p_tags, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'tags must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(DISTINCT memory_store.check_id('tag', t)), '{}') INTO v_tags FROM unnest(p_tags) AS t;
    IF cardinality(v_tags) > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % tags per memory, got %', (SELECT max_tags FROM memory_store.limits()), cardinality(v_tags)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_tags;
END
$fn$;

-- Create a memory with its tags and optional embedding. A caller-chosen
-- memory_id makes the call idempotent: the same id with the same type,
-- session and content returns the existing memory; with anything else it is
-- a conflict (23505).
CREATE FUNCTION memory_store.create_memory_impl(
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
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id  text := coalesce(memory_store.check_id('memory_id', p_memory_id), 'm-' || gen_random_uuid());
    v_tags       text[] := coalesce(memory_store.clean_tags(p_tags), '{}');
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_existing   memory.memory_record;
BEGIN
    PERFORM memory_store.check_memory_type(memory_store.require('memory_type', p_memory_type));
    PERFORM memory_store.check_content(memory_store.require('content', p_content));
    PERFORM memory_store.check_priority(p_priority);
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    PERFORM memory_store.check_embedding(p_embedding);
    IF p_embedding IS NOT NULL THEN
        PERFORM memory_store.check_id('embedding_model', memory_store.require('embedding_model', p_embedding_model));
    END IF;
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memory_store.sessions WHERE session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;

    IF p_memory_id IS NOT NULL THEN
        -- Idempotent retry: the same memory again is not an error.
        BEGIN
            v_existing := memory_store.read_memory_impl(v_memory_id, true);
        EXCEPTION WHEN SQLSTATE 'MO001' THEN
            v_existing := NULL;
        END;
        IF v_existing.memory_id IS NOT NULL THEN
            IF v_existing.memory_type = p_memory_type AND v_existing.content = p_content
               AND v_existing.session_id IS NOT DISTINCT FROM p_session_id THEN
                RETURN v_existing;
            END IF;
            RAISE EXCEPTION 'memory id % already exists with other content', quote_literal(v_memory_id)
                USING ERRCODE = 'unique_violation';
        END IF;
    END IF;

    INSERT INTO memory_store.memory_entries
        (memory_id, session_id, memory_type, content, source_agent, expires_at, priority)
    VALUES (v_memory_id, p_session_id, p_memory_type, p_content,
            coalesce(p_source_agent, p_content ->> 'source_agent', memory_store.current_agent_id()),
            v_expires_at, coalesce(p_priority, 5));
    INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT v_memory_id, unnest(v_tags);
    IF p_embedding IS NOT NULL THEN
        INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
        VALUES (v_memory_id, p_embedding, p_embedding_model);
    END IF;
    RETURN memory_store.read_memory_impl(v_memory_id, true);
END
$fn$;

-- Partial update: only the arguments given change. p_content replaces the
-- content (or, with p_merge_content, is merged into it key by key); p_tags
-- replaces the tag set; ttl / expires_at set a new expiry (p_clear_expiry
-- makes the memory permanent).
CREATE FUNCTION memory_store.update_memory_impl(
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
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current    memory.memory_record := memory_store.read_memory_impl(p_memory_id, false);
    v_tags       text[] := memory_store.clean_tags(p_tags);
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_content    jsonb;
BEGIN
    PERFORM memory_store.check_content(p_content);
    PERFORM memory_store.check_priority(p_priority);
    IF p_clear_expiry AND v_expires_at IS NOT NULL THEN
        RAISE EXCEPTION 'give a new expiry or clear it, not both' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_content := CASE WHEN p_content IS NULL THEN v_current.content
                      WHEN p_merge_content THEN v_current.content || p_content
                      ELSE p_content END;
    PERFORM memory_store.check_content(v_content);

    UPDATE memory_store.memory_entries
       SET content    = v_content,
           priority   = coalesce(p_priority, priority),
           expires_at = CASE WHEN p_clear_expiry THEN NULL ELSE coalesce(v_expires_at, expires_at) END,
           updated_at = now()
     WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
    IF v_tags IS NOT NULL THEN
        DELETE FROM memory_store.memory_tags WHERE memory_id = p_memory_id AND tag <> ALL (v_tags);
        INSERT INTO memory_store.memory_tags (memory_id, tag)
        SELECT p_memory_id, unnest(v_tags) ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    END IF;
    RETURN memory_store.read_memory_impl(p_memory_id, true);
END
$fn$;

-- Delete one memory: soft (is_active = false) by default, hard on request
-- (the row goes, and with it its tags, embeddings and relationships).
-- Soft delete sees only visible memories; hard delete also inactive ones.
CREATE FUNCTION memory_store.delete_memory_impl(p_memory_id text, p_hard boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current memory.memory_record := memory_store.read_memory_impl(p_memory_id, coalesce(p_hard, false));
BEGIN
    IF coalesce(p_hard, false) THEN
        DELETE FROM memory_store.memory_entries WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
        v_current.is_active := false;
    ELSE
        UPDATE memory_store.memory_entries SET is_active = false
         WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
        v_current := memory_store.read_memory_impl(p_memory_id, true);
    END IF;
    RETURN v_current;
END
$fn$;

-- The memories matching a filter, one page of them, with the total count.
CREATE FUNCTION memory_store.batch_read_impl(
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
    v_limit  integer := coalesce(p_limit, 10);
    v_offset integer := coalesce(p_offset, 0);
    v_field  text := lower(coalesce(p_sort_field, 'created_at'));
    v_desc   boolean;
    v_page   memory.memory_page;
BEGIN
    IF v_limit NOT BETWEEN 1 AND (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', (SELECT max_page_size FROM memory_store.limits()), v_limit
            USING ERRCODE = 'invalid_parameter_value';
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

-- Delete the memories matching a filter (tags: the memory carries all of
-- them, as in batch read): soft by default (visible memories become
-- inactive), hard on request (every matching row goes, soft-deleted and
-- expired ones included). At least one filter is required, so nothing deletes everything.
CREATE FUNCTION memory_store.bulk_delete_impl(
    p_memory_type text DEFAULT NULL,
    p_older_than  timestamptz DEFAULT NULL,
    p_tags        text[] DEFAULT NULL,
    p_session_id  text DEFAULT NULL,
    p_hard        boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_count bigint;
BEGIN
    IF p_memory_type IS NULL AND p_older_than IS NULL AND p_tags IS NULL AND p_session_id IS NULL THEN
        RAISE EXCEPTION 'bulk delete needs at least one filter: memory_type, older_than, tags or session_id'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM memory_store.check_memory_type(p_memory_type);
    PERFORM memory_store.check_id('session_id', p_session_id);
    IF cardinality(p_tags) = 0 THEN
        RAISE EXCEPTION 'tags must not be empty' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(p_hard, false) THEN
        DELETE FROM memory_store.memory_entries e
         WHERE (p_memory_type IS NULL OR e.memory_type = p_memory_type)
           AND (p_older_than IS NULL OR e.created_at < p_older_than)
           AND (p_session_id IS NULL OR e.session_id = p_session_id)
           AND (p_tags IS NULL OR (SELECT count(DISTINCT t.tag) FROM memory_store.memory_tags t
                                    WHERE t.memory_id = e.memory_id AND t.tag = ANY (p_tags))
                                  = cardinality(ARRAY(SELECT DISTINCT unnest(p_tags))));
    ELSE
        UPDATE memory_store.memory_entries e SET is_active = false
         WHERE e.is_active
           AND (e.expires_at IS NULL OR e.expires_at > now())
           AND (p_memory_type IS NULL OR e.memory_type = p_memory_type)
           AND (p_older_than IS NULL OR e.created_at < p_older_than)
           AND (p_session_id IS NULL OR e.session_id = p_session_id)
           AND (p_tags IS NULL OR (SELECT count(DISTINCT t.tag) FROM memory_store.memory_tags t
                                    WHERE t.memory_id = e.memory_id AND t.tag = ANY (p_tags))
                                  = cardinality(ARRAY(SELECT DISTINCT unnest(p_tags))));
    END IF;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;
