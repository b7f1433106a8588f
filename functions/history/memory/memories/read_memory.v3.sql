-- memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT
--     false) RETURNS memory.memory_record
--
-- Returns one memory with its tags; soft-deleted and expired memories only
-- with p_include_inactive. A sensitive memory comes decrypted, and only
-- with the key in memory.encryption_key. When the caller's transaction has
-- written nothing else and the memory is not sensitive, the audit row
-- commits without waiting for the WAL flush (memory_store.audit_read_commit;
-- docs/audit.md says what a crash can lose).
--
-- Errors:
--   22004 (the key too), 22023 (a bad key too), MO001 not found, 42501
--   the key does not open it.
-- Example:
--   SELECT * FROM memory.read_memory('m-1');

CREATE OR REPLACE FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_raw     memory.memory_record;
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'include_inactive', p_include_inactive);
BEGIN
    v_raw := memory_store.read_memory_impl(p_memory_id, p_include_inactive);
    v_result := memory_store.reveal(v_raw, true);
    -- a sensitive memory's plaintext is leaving: its read stays durable
    PERFORM memory_store.audit_read_commit(v_raw.content IS NOT DISTINCT FROM memory_store.sensitive_stub());
    PERFORM memory_store.audit('read', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean) IS 'Returns one memory with its tags; soft-deleted and expired memories only with p_include_inactive. A sensitive memory comes decrypted, and only with the key in memory.encryption_key. Errors: 22004 (the key too), 22023 (a bad key too), MO001 not found, 42501 the key does not open it.
Example: SELECT * FROM memory.read_memory(''m-1'');';
