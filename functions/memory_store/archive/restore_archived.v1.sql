-- memory_store.restore_archived(p_session_id text DEFAULT NULL::text,
--     p_user_id text DEFAULT NULL::text, p_memory_ids text[] DEFAULT
--     NULL::text[]) RETURNS bigint
--
-- The DBA's restore: the archived (unexpired) memories of a session, of a
-- user and/or with the given ids (every filter given must match; at least
-- one), in one transaction; their sessions lose is_archived. Returns how
-- many came back; reads no memory content. Restored memories of a user over
-- the retention budget are archived again by the next enforce_retention
-- run: raise the user's budget first (memory_store.retention_budgets).
--
-- Errors:
--   22004 no filter, 22023 bad id, 55000 the archive lacks a column of
--   the hot table.
-- Example:
--   SELECT memory_store.restore_archived(p_user_id => 'u-1');  SELECT memory_store.restore_archived(p_session_id => 's-1');

CREATE OR REPLACE FUNCTION memory_store.restore_archived(p_session_id text DEFAULT NULL, p_user_id text DEFAULT NULL,
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

COMMENT ON FUNCTION memory_store.restore_archived(p_session_id text, p_user_id text, p_memory_ids text[]) IS 'Restores archived memories (unexpired) of a session, of a user and/or by id — every filter given must match — to the hot tables with their embeddings, and clears is_archived of their sessions; returns how many came back. For the DBA: no memory content is returned. Errors: 22004 no filter, 22023 bad id, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.restore_archived(p_user_id => ''u-1'');  SELECT memory_store.restore_archived(p_session_id => ''s-1'');';
