-- Deploy memory-orchestrator:sensitive_memories to pg
-- requires: crypto_extension
-- requires: api_memories
-- requires: api_dispatch
-- requires: vector_embeddings
-- Sensitive memories, encrypted at rest (issue 4.5). A memory created as
-- sensitive keeps its content only as pgcrypto ciphertext in
-- content_encrypted, under a key the caller supplies per session or
-- transaction (setting memory.encryption_key, or the envelope's
-- encryption_key); the content column holds the stub {"encrypted": true}, so
-- the generated text_content is NULL and keyword search, its GIN index and
-- summaries never see the plaintext; it never has an embedding. The CHECK
-- below holds every writer (API, import, hand-written SQL) to that shape.
-- API: memory.create_sensitive_memory, memory.rotate_encryption_key; new
-- versions of memory.read_memory (decrypts with the key), update_memory_impl
-- (re-encrypts), dispatch_create (payload sensitive), dispatch_read,
-- memory.dispatch (envelope keys, for one call) and sanitize_request
-- (redacts them). README, "Sensitive memories".
BEGIN;

SET LOCAL ROLE memory_owner;

-- Constant defaults: no table rewrite. The CHECK scans every partition once.
ALTER TABLE memory_store.memory_entries
    ADD COLUMN is_sensitive boolean NOT NULL DEFAULT false,
    ADD COLUMN content_encrypted bytea,
    ADD CONSTRAINT memory_entries_sensitive_check CHECK (
        (is_sensitive AND content = '{"encrypted": true}'::jsonb AND content_encrypted IS NOT NULL)
        OR (NOT is_sensitive AND content_encrypted IS NULL));
COMMENT ON COLUMN memory_store.memory_entries.is_sensitive IS
    'true = content encrypted at rest: content is {"encrypted": true}, the ciphertext is content_encrypted';
COMMENT ON COLUMN memory_store.memory_entries.content_encrypted IS
    'Sensitive memories only: pgp_sym_encrypt (AES-256) of {"memory_id", "content"} under the caller''s key, which is never stored';

\ir ../functions/history/memory_store/sensitive_memories.v1.sql
\ir ../functions/history/memory/sensitive_memories.v1.sql
\ir ../functions/history/memory_store/update_memory_impl.v2.sql
\ir ../functions/history/memory/read_memory.v2.sql
\ir ../functions/history/memory_store/dispatch_read.v2.sql
\ir ../functions/history/memory_store/dispatch_create.v2.sql
\ir ../functions/history/memory_store/sanitize_request.v2.sql
\ir ../functions/history/memory/dispatch.v2.sql

CREATE TRIGGER vector_embeddings_refuse_sensitive
    BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_refuse_sensitive();

GRANT EXECUTE ON FUNCTION
    memory.create_sensitive_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, text),
    memory.rotate_encryption_key(text[], text, text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('rotate_encryption_key', 'memory_store.dispatch_rotate_encryption_key(jsonb, text)', 'update',
     'Re-encrypt sensitive memories (payload memory_ids, session_id, user_id) from the envelope''s encryption_key to its new_encryption_key');

COMMIT;
