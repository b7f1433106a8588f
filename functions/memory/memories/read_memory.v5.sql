-- memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT
--     false, p_as_of timestamp with time zone DEFAULT NULL::timestamp with
--     time zone) RETURNS memory.memory_record
--
-- Returns one memory with its tags; soft-deleted and expired memories only
-- with p_include_inactive. With p_as_of, the memory as it stood at that
-- instant (memory_store.read_memory_as_of_impl): the version valid then,
-- its tags then; a memory created later is not found, one deleted since is
-- returned as it was; p_as_of in the future is 22023. A sensitive memory comes decrypted, and only
-- with the key in memory.encryption_key. The current memory is read and
-- audited by one statement (memory_store.read_memory_impl writes the audit
-- row with the ids of the row it read). When the caller's transaction has
-- written nothing else and the memory is not sensitive, the audit row
-- commits without waiting for the WAL flush (memory_store.audit_read_commit;
-- a sensitive memory puts the durable commit back before its plaintext
-- leaves; docs/audit.md says what a crash can lose).
--
-- Errors:
--   22004 (the key too), 22023 (a bad key, a future as_of too), MO001 not
--   found, 42501 the key does not open it.
-- Example:
--   SELECT * FROM memory.read_memory('m-1', p_as_of => now() - interval '1 hour');

CREATE OR REPLACE FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean DEFAULT false,
                                              p_as_of timestamptz DEFAULT NULL)
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
    IF p_as_of IS NULL THEN
        PERFORM memory_store.audit_read_commit(false);
        v_raw := memory_store.read_memory_impl(p_memory_id, p_include_inactive, v_request);
        IF v_raw.content IS NOT DISTINCT FROM memory_store.sensitive_stub() THEN
            -- a sensitive memory's plaintext is leaving: its read stays durable
            PERFORM memory_store.audit_read_commit(true);
        END IF;
        RETURN memory_store.reveal(v_raw, true);
    END IF;
    v_request := v_request || jsonb_build_object('as_of', p_as_of);
    v_raw := memory_store.read_memory_as_of_impl(p_memory_id, p_as_of, p_include_inactive);
    v_result := memory_store.reveal_as_of(v_raw, p_as_of, true);
    PERFORM memory_store.audit_read_commit(v_raw.content IS NOT DISTINCT FROM memory_store.sensitive_stub());
    PERFORM memory_store.audit('read', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.read_memory(p_memory_id text, p_include_inactive boolean, p_as_of timestamp with time zone) IS 'Returns one memory with its tags; soft-deleted and expired memories only with p_include_inactive. With p_as_of, the memory as it stood at that instant: the version valid then; created later = not found; deleted since = returned as it was. A sensitive memory comes decrypted, and only with the key in memory.encryption_key. Errors: 22004 (the key too), 22023 (a bad key, a future as_of too), MO001 not found, 42501 the key does not open it.
Example: SELECT * FROM memory.read_memory(''m-1'', p_as_of => now() - interval ''1 hour'');';
