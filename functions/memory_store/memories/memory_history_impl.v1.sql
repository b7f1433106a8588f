-- memory_store.memory_history_impl(p_memory_id text, p_limit integer
--     DEFAULT NULL::integer, p_before_version integer DEFAULT
--     NULL::integer) RETURNS TABLE(version integer, valid_from timestamp
--     with time zone, valid_to timestamp with time zone, operation
--     character varying, agent_id character varying, content jsonb, tags
--     text[], priority integer, is_active boolean, expires_at timestamp
--     with time zone)
--
-- The versions of one memory of the acting user, oldest first: the kept
-- ones of memory_store.memory_versions and the current one (hot or
-- archived, valid_to NULL). At most p_limit (default and maximum
-- limits().max_page_size): the newest ones below p_before_version, so a
-- caller pages back with p_before_version = the smallest version it got.
-- Reads at most p_limit kept versions (the primary key, newest first).
-- Soft-deleted and archived memories have a history too. A sensitive
-- memory's versions come decrypted with the caller's key
-- (memory_store.reveal_cipher: 22004 without one, 42501 with a key that
-- does not open them), each read on record.
--
-- Errors:
--   22023 limit must be between 1 and %, got % / before_version must be
--   positive
--   MO001 memory % not found (missing, or another user's)
--   through the functions it calls: 22004, 39004, 42501, 55000
-- Example:
--   memory_store.memory_history_impl(p_memory_id, p_limit, p_before_version)
--   (as memory.memory_history calls it)

CREATE OR REPLACE FUNCTION memory_store.memory_history_impl(p_memory_id text, p_limit integer DEFAULT NULL,
                                                            p_before_version integer DEFAULT NULL)
RETURNS TABLE (version integer, valid_from timestamptz, valid_to timestamptz, operation varchar(16),
               agent_id varchar(64), content jsonb, tags text[], priority integer, is_active boolean,
               expires_at timestamptz)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_max   integer := (SELECT l.max_page_size FROM memory_store.limits() AS l);
    v_limit integer := coalesce(p_limit, v_max);
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    IF v_limit NOT BETWEEN 1 AND v_max THEN
        RAISE EXCEPTION 'limit must be between 1 and %, got %', v_max, v_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_before_version < 1 THEN
        RAISE EXCEPTION 'before_version must be positive, got %', p_before_version USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH present AS (
        SELECT e.memory_id, e.version, e.updated_at, e.change_operation, e.changed_by, e.session_id, e.memory_type,
               e.created_at, e.content, e.content_encrypted, memory_store.tags_of(e.memory_id) AS tags, e.priority,
               e.is_active, e.expires_at
          FROM memory_store.memory_registry r
          JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
         WHERE r.memory_id = p_memory_id
        UNION ALL
        SELECT a.memory_id, a.version, a.updated_at, a.change_operation, a.changed_by, a.session_id, a.memory_type,
               a.created_at, a.content, a.content_encrypted, memory_store.tags_of(a.memory_id), a.priority,
               a.is_active, a.expires_at
          FROM memory_archive.memory_entries a
         WHERE a.memory_id = p_memory_id
    ), versions AS (
        SELECT p.version, p.updated_at AS valid_from, NULL::timestamptz AS valid_to, p.change_operation AS operation,
               p.changed_by AS agent_id, p.session_id, p.memory_type, p.created_at, p.content, p.content_encrypted,
               p.tags, p.priority, p.is_active, p.expires_at
          FROM present p
        UNION ALL
        (SELECT v.version, v.valid_from, v.valid_to, v.operation, v.agent_id, v.session_id, v.memory_type,
                v.created_at, v.content, v.content_encrypted, v.tags, v.priority, v.is_active, v.expires_at
           FROM memory_store.memory_versions v
          WHERE v.memory_id = p_memory_id AND (p_before_version IS NULL OR v.version < p_before_version)
            AND EXISTS (SELECT 1 FROM present)
          ORDER BY v.version DESC
          LIMIT v_limit)
    ), page AS (
        SELECT * FROM versions h
         WHERE p_before_version IS NULL OR h.version < p_before_version
         ORDER BY h.version DESC
         LIMIT v_limit
    )
    SELECT h.version, h.valid_from, h.valid_to, h.operation, h.agent_id,
           CASE WHEN h.content_encrypted IS NULL THEN h.content
                ELSE (memory_store.reveal_cipher(ROW(p_memory_id, h.session_id, h.memory_type, h.content, NULL, NULL,
                                                     h.created_at, h.valid_from, h.expires_at, h.priority,
                                                     h.is_active, h.tags)::memory.memory_record,
                                                 h.content_encrypted, true)).content END,
           h.tags, h.priority, h.is_active, h.expires_at
      FROM page h
     ORDER BY h.version;
    IF NOT FOUND AND NOT EXISTS (
            SELECT 1 FROM memory_store.memory_registry r
              JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
             WHERE r.memory_id = p_memory_id
            UNION ALL
            SELECT 1 FROM memory_archive.memory_entries a WHERE a.memory_id = p_memory_id) THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_history_impl(p_memory_id text, p_limit integer, p_before_version integer) IS 'The versions of one memory of the acting user, oldest first (kept ones and the current one, valid_to NULL), at most p_limit below p_before_version; sensitive ones decrypted with the caller''s key. Errors: 22023 bad id / limit / before_version, MO001 not found, 22004 / 42501 key.
Example: SELECT version, operation FROM memory_store.memory_history_impl(''m-1'');';
