-- Tags of a memory: the internal implementation behind memory.add_tags,
-- memory.remove_tags, memory.list_tags and memory.tag_counts (and their
-- dispatch actions). Plain logic: validates, raises typed errors, writes no
-- audit row.

-- A list of tags as given by a caller -> the distinct tags, sorted.
-- NULL list: 22004. Empty list, NULL element, blank tag, tag over
-- max_tag_length characters or with control characters: 22023.
CREATE FUNCTION memory_store.check_tag_array(p_tags text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tag text;
    v_max integer := (SELECT max_tag_length FROM memory_store.limits());
BEGIN
    PERFORM memory_store.require('tags', p_tags);
    IF cardinality(p_tags) = 0 THEN
        RAISE EXCEPTION 'tags must name at least one tag' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH v_tag IN ARRAY p_tags LOOP
        IF v_tag IS NULL THEN
            RAISE EXCEPTION 'tags must not contain NULL' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM memory_store.check_id('tag', v_tag, v_max);
        IF btrim(v_tag) = '' THEN
            RAISE EXCEPTION 'a tag must not be blank' USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT DISTINCT t FROM unnest(p_tags) AS t ORDER BY t);
END
$fn$;

-- The memory must exist and be visible (active, not expired): MO001 otherwise.
-- Locks the memory's registry row FOR NO KEY UPDATE when p_lock, which
-- serializes tag changes of one memory (so the max_tags bound holds under
-- concurrency) without blocking foreign-key checks (FOR KEY SHARE).
CREATE FUNCTION memory_store.tags_target(p_memory_id text, p_lock boolean)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    IF p_lock THEN
        PERFORM 1 FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id FOR NO KEY UPDATE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_entries e
                    WHERE e.memory_id = p_memory_id AND e.is_active
                      AND (e.expires_at IS NULL OR e.expires_at > now())) THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN p_memory_id;
END
$fn$;

-- Adds tags (idempotent: a tag the memory already carries is left alone).
-- At most limits().max_tags per memory (54000). Moves the memory's
-- updated_at when a tag was added. Returns the memory's tags, sorted.
CREATE FUNCTION memory_store.add_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[] := memory_store.check_tag_array(p_tags);
    v_total integer;
    v_added integer;
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, true);
    SELECT count(*)::integer INTO v_total
      FROM (SELECT t.tag::text FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id
            UNION
            SELECT unnest(v_tags)) AS all_tags;
    IF v_total > (SELECT max_tags FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'a memory carries at most % tags; this would make %', (SELECT max_tags FROM memory_store.limits()), v_total
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    INSERT INTO memory_store.memory_tags (memory_id, tag)
    SELECT p_memory_id, t FROM unnest(v_tags) AS t
    ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    IF v_added > 0 THEN
        UPDATE memory_store.memory_entries e SET updated_at = now()
         WHERE e.memory_id = p_memory_id AND e.updated_at < now();
    END IF;
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;

-- Removes tags (a tag the memory does not carry is ignored). Moves the
-- memory's updated_at when a tag was removed. Returns the remaining tags.
CREATE FUNCTION memory_store.remove_tags_impl(p_memory_id text, p_tags text[])
RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[] := memory_store.check_tag_array(p_tags);
    v_removed integer;
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, true);
    DELETE FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id AND t.tag = ANY (v_tags);
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    IF v_removed > 0 THEN
        UPDATE memory_store.memory_entries e SET updated_at = now()
         WHERE e.memory_id = p_memory_id AND e.updated_at < now();
    END IF;
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;

-- The tags of a visible memory, sorted.
CREATE FUNCTION memory_store.list_tags_impl(p_memory_id text)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.tags_target(p_memory_id, false);
    RETURN memory_store.tags_of(p_memory_id);
END
$fn$;

-- How many visible memories carry each tag, optionally only a user's
-- memories (through their sessions), most used first.
CREATE FUNCTION memory_store.tag_counts_impl(p_user_id text)
RETURNS TABLE (tag text, memory_count bigint)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('user_id', p_user_id);
    RETURN QUERY
    SELECT t.tag::text, count(*)::bigint
      FROM memory_store.memory_tags t
      JOIN memory_store.memory_entries e ON e.memory_id = t.memory_id
      LEFT JOIN memory_store.sessions s ON s.session_id = e.session_id
     WHERE e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
       AND (p_user_id IS NULL OR s.user_id = p_user_id)
     GROUP BY t.tag
     ORDER BY count(*) DESC, t.tag;
END
$fn$;
