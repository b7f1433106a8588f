-- Revert memory-orchestrator:sensitive_memories from pg
-- Sensitive memories cannot be turned back into plain ones without their
-- keys, which the database never has: the revert refuses while any exists
-- (delete them first, or read and re-create them as plain memories).
BEGIN;

SET LOCAL ROLE memory_owner;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM memory_store.memory_entries WHERE is_sensitive) THEN
        RAISE EXCEPTION 'sensitive memories exist: reverting would leave their content unreadable stubs'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Delete them (memory.delete_memory(..., p_hard => true)) or re-create them as plain memories first.';
    END IF;
END
$$;

DELETE FROM memory_store.dispatch_actions WHERE action = 'rotate_encryption_key';
DROP TRIGGER vector_embeddings_refuse_sensitive ON memory_store.vector_embeddings;

-- The previous versions of the functions this change replaced.
DROP FUNCTION memory.dispatch(text);
DROP FUNCTION memory.dispatch(jsonb);
\ir ../functions/history/memory/dispatch.v1.sql
GRANT EXECUTE ON FUNCTION memory.dispatch(jsonb), memory.dispatch(text) TO memory_agent;
DROP FUNCTION memory_store.sanitize_request(jsonb, integer);
\ir ../functions/history/memory_store/sanitize_request.v1.sql
\ir ../functions/history/memory_store/dispatch_create.v1.sql
\ir ../functions/history/memory_store/dispatch_read.v1.sql
\ir ../functions/history/memory/read_memory.v1.sql
\ir ../functions/history/memory_store/update_memory_impl.v1.sql

DROP FUNCTION memory_store.dispatch_rotate_encryption_key(jsonb, text);
DROP FUNCTION memory.rotate_encryption_key(text[], text, text);
DROP FUNCTION memory.create_sensitive_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, text);
DROP FUNCTION memory_store.vector_embeddings_refuse_sensitive();
DROP FUNCTION memory_store.rotate_encryption_key_impl(text[], text, text);
DROP FUNCTION memory_store.create_sensitive_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, text);
DROP FUNCTION memory_store.reveal(memory.memory_record, boolean);
DROP FUNCTION memory_store.sensitive_cipher(memory.memory_record);
DROP FUNCTION memory_store.decrypt_content(text, bytea, text, boolean);
DROP FUNCTION memory_store.encrypt_content(text, jsonb, text);
DROP FUNCTION memory_store.encryption_key(boolean, text);
DROP FUNCTION memory_store.sensitive_stub();

ALTER TABLE memory_store.memory_entries
    DROP CONSTRAINT memory_entries_sensitive_check,
    DROP COLUMN content_encrypted,
    DROP COLUMN is_sensitive;

COMMIT;
