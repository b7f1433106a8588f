-- memory_store.bulk_delete_impl(p_memory_type text DEFAULT NULL::text,
--     p_older_than timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_tags text[] DEFAULT NULL::text[], p_session_id text
--     DEFAULT NULL::text, p_hard boolean DEFAULT false) RETURNS bigint
--
-- Delete the memories matching a filter (tags: the memory carries all of
-- them, as in batch read): soft by default (visible memories become
-- inactive), hard on request (every matching row goes, soft-deleted and
-- expired ones included). At least one filter is required, so nothing deletes everything.
--
-- Errors:
--   39004 bulk delete needs at least one filter: memory_type, older_than,
--   tags or session_id
--   22023 tags must not be empty
-- Example:
--   memory_store.bulk_delete_impl(p_memory_type, p_older_than, p_tags,
--       p_session_id, p_hard)
--   (as memory.bulk_delete_memories calls it)

CREATE OR REPLACE FUNCTION memory_store.bulk_delete_impl(
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
