-- Verify memory-orchestrator:archive_key_rotation on pg
BEGIN;

DO $$
DECLARE
    v_rotated bigint;
BEGIN
    IF position('memory_archive.memory_entries' IN
                pg_get_functiondef('memory_store.rotate_encryption_key_impl(text[], text, text)'::regprocedure)) = 0 THEN
        RAISE EXCEPTION 'key rotation does not cover memory_archive';
    END IF;
    -- Behaviour: an archived sensitive memory is rotated and opens with the new key.
    PERFORM set_config('memory.encryption_key', 'verify-old-key-0123456789', true);
    PERFORM set_config('memory.new_encryption_key', 'verify-new-key-0123456789', true);
    PERFORM memory_store.create_sensitive_memory_impl('context', '{"text": "verify"}', p_memory_id => 'verify-rotation');
    PERFORM memory_store.archive_move(ARRAY['verify-rotation'], 'retention');
    SELECT r.rotated INTO v_rotated FROM memory_store.rotate_encryption_key_impl(p_memory_ids => ARRAY['verify-rotation']) AS r;
    IF v_rotated <> 1 OR memory_store.decrypt_content('verify-rotation',
            (SELECT a.content_encrypted FROM memory_archive.memory_entries a WHERE a.memory_id = 'verify-rotation'),
            'verify-new-key-0123456789') ->> 'text' IS DISTINCT FROM 'verify' THEN
        RAISE EXCEPTION 'an archived sensitive memory was not rotated';
    END IF;
END
$$;

ROLLBACK;
