-- memory_store.rotate_encryption_key_impl(p_memory_ids text[] DEFAULT
--     NULL::text[], p_session_id text DEFAULT NULL::text, p_user_id text
--     DEFAULT NULL::text, OUT rotated bigint, OUT skipped bigint) RETURNS
--     record
--
-- Re-encrypts the matching sensitive memories, archived ones included, that
-- memory.encryption_key opens under memory.new_encryption_key; returns
-- rotated and skipped (not opened) counts. The kept versions of those
-- memories (memory_store.memory_versions) are re-encrypted too, in the same
-- statement. Rotation is not a change of the memory: it runs under the
-- setting memory_store.change_operation = 'rotate', so no version is made
-- and updated_at stays.
--
-- Errors:
--   22004 a key missing, 22023 bad key / ids / same key.
-- Example:
--   SELECT * FROM memory_store.rotate_encryption_key_impl(p_user_id => 'u-1');

CREATE OR REPLACE FUNCTION memory_store.rotate_encryption_key_impl(
    p_memory_ids text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id    text DEFAULT NULL,
    OUT rotated  bigint,
    OUT skipped  bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old text;
    v_new text;
    v_outer text := current_setting('memory_store.change_operation', true);
BEGIN
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    IF array_position(p_memory_ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'memory_ids must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_memory_ids) > (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % memory_ids per call', (SELECT max_page_size FROM memory_store.limits())
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.check_id('memory_id', m) FROM unnest(p_memory_ids) AS m;
    v_old := memory_store.encryption_key(true, 'memory.encryption_key');
    v_new := memory_store.encryption_key(true, 'memory.new_encryption_key');
    IF v_old = v_new THEN
        RAISE EXCEPTION 'memory.new_encryption_key is the current key' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    PERFORM set_config('memory_store.change_operation', 'rotate', true);
    WITH candidates AS MATERIALIZED (
        SELECT e.memory_id, e.created_at,
               memory_store.decrypt_content(e.memory_id, e.content_encrypted, v_old, false) AS content
          FROM memory_store.memory_entries e
         WHERE e.is_sensitive
           AND (p_memory_ids IS NULL OR e.memory_id = ANY (p_memory_ids))
           AND (p_session_id IS NULL OR e.session_id = p_session_id)
           AND (p_user_id IS NULL OR e.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
         ORDER BY e.memory_id
           FOR UPDATE OF e
    ), updated AS (
        UPDATE memory_store.memory_entries e
           SET content_encrypted = memory_store.encrypt_content(c.memory_id, c.content, v_new)
          FROM candidates c
         WHERE c.content IS NOT NULL AND e.memory_id = c.memory_id AND e.created_at = c.created_at
        RETURNING e.memory_id
    ), archived_candidates AS MATERIALIZED (
        SELECT a.memory_id,
               memory_store.decrypt_content(a.memory_id, a.content_encrypted, v_old, false) AS content
          FROM memory_archive.memory_entries a
         WHERE a.is_sensitive
           AND (p_memory_ids IS NULL OR a.memory_id = ANY (p_memory_ids))
           AND (p_session_id IS NULL OR a.session_id = p_session_id)
           AND (p_user_id IS NULL OR a.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
         ORDER BY a.memory_id
           FOR UPDATE OF a
    ), archived_updated AS (
        UPDATE memory_archive.memory_entries a
           SET content_encrypted = memory_store.encrypt_content(c.memory_id, c.content, v_new)
          FROM archived_candidates c
         WHERE c.content IS NOT NULL AND a.memory_id = c.memory_id
        RETURNING a.memory_id
    ), version_candidates AS MATERIALIZED (
        SELECT v.memory_id, v.version,
               memory_store.decrypt_content(v.memory_id, v.content_encrypted, v_old, false) AS content
          FROM memory_store.memory_versions v
         WHERE v.is_sensitive
           AND v.memory_id IN (SELECT c.memory_id FROM candidates c WHERE c.content IS NOT NULL
                               UNION ALL
                               SELECT c.memory_id FROM archived_candidates c WHERE c.content IS NOT NULL)
    ), versions_updated AS (
        UPDATE memory_store.memory_versions v
           SET content_encrypted = memory_store.encrypt_content(c.memory_id, c.content, v_new)
          FROM version_candidates c
         WHERE c.content IS NOT NULL AND v.memory_id = c.memory_id AND v.version = c.version
        RETURNING v.memory_id
    )
    SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM archived_updated),
           (SELECT count(*) FROM candidates WHERE content IS NULL)
           + (SELECT count(*) FROM archived_candidates WHERE content IS NULL)
      INTO rotated, skipped;
    PERFORM set_config('memory_store.change_operation', coalesce(v_outer, ''), true);
END
$fn$;

COMMENT ON FUNCTION memory_store.rotate_encryption_key_impl(p_memory_ids text[], p_session_id text, p_user_id text, OUT rotated bigint, OUT skipped bigint) IS 'Re-encrypts the matching sensitive memories, archived ones included, and their kept versions (no new version), that memory.encryption_key opens under memory.new_encryption_key; returns rotated and skipped (not opened) counts. Errors: 22004 a key missing, 22023 bad key / ids / same key.
Example: SELECT * FROM memory_store.rotate_encryption_key_impl(p_user_id => ''u-1'');';
