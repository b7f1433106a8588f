-- memory.rotate_encryption_key(p_memory_ids text[] DEFAULT NULL::text[],
--     p_session_id text DEFAULT NULL::text, p_user_id text DEFAULT
--     NULL::text, OUT rotated bigint, OUT skipped bigint) RETURNS record
--
-- memory.rotate_encryption_key: re-encrypt sensitive memories under a new key.
--
-- Errors:
--   22004 a key missing, 22023 a bad key, the same key twice, bad ids.
-- Example:
--   SELECT set_config('memory.encryption_key', $1, true), set_config('memory.new_encryption_key', $2, true);
--            SELECT * FROM memory.rotate_encryption_key(p_user_id => 'u-1');

CREATE OR REPLACE FUNCTION memory.rotate_encryption_key(
    p_memory_ids text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id    text DEFAULT NULL,
    OUT rotated  bigint,
    OUT skipped  bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_ids', to_jsonb(p_memory_ids), 'session_id', p_session_id,
                                          'user_id', p_user_id, 'rotate', true);
BEGIN
    SELECT r.rotated, r.skipped INTO rotated, skipped
      FROM memory_store.rotate_encryption_key_impl(p_memory_ids, p_session_id, p_user_id) AS r;
    PERFORM memory_store.audit('update', NULL, p_session_id,
                               v_request || jsonb_build_object('rotated', rotated, 'skipped', skipped), true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', NULL, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.rotate_encryption_key(p_memory_ids text[], p_session_id text, p_user_id text, OUT rotated bigint, OUT skipped bigint) IS 'Re-encrypts sensitive memories (by ids, session and/or user; none = all) from the key in memory.encryption_key to the key in memory.new_encryption_key, soft-deleted and expired ones included, in one transaction; memories the old key does not open are left as they are (skipped). Returns rotated, skipped. Errors: 22004 a key missing, 22023 a bad key, the same key twice, bad ids.
Example: SELECT set_config(''memory.encryption_key'', $1, true), set_config(''memory.new_encryption_key'', $2, true);
         SELECT * FROM memory.rotate_encryption_key(p_user_id => ''u-1'');';
