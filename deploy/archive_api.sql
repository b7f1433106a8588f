-- Deploy memory-orchestrator:archive_api to pg
-- requires: archive_storage
-- requires: api_memories
-- requires: api_sessions
-- requires: sensitive_memories
-- Archived memories in the agent API, only when asked for explicitly:
-- memory.read_archived_memory, memory.batch_read_archived_memories,
-- memory.restore_archived_memory, memory.restore_archived_session, and the
-- dispatch actions read_archived, batch_read_archived, restore_archived.
-- The existing reads and searches keep seeing hot memories only. The DBA
-- restores with memory_store.restore_archived (no content returned).
-- Dedicated functions rather than an include_archived flag on read_memory:
-- they leave the released memory functions untouched. Sensitive archived
-- memories follow the rules of sensitive hot ones: a single read decrypts
-- with the caller's key (memory_store.reveal_archived), batch reads stay
-- redacted, restore needs no key.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/archive_api_impl.v1.sql
\ir ../functions/history/memory/archive.v1.sql

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('read_archived', 'memory_store.dispatch_read_archived(jsonb, text)', 'read',
     'Read an archived memory: payload memory_id -> memory'),
    ('batch_read_archived', 'memory_store.dispatch_batch_read_archived(jsonb, text)', 'read',
     'Read archived memories: payload memory_ids and/or filter (as batch_read) -> memories, total_count, page_info'),
    ('restore_archived', 'memory_store.dispatch_restore_archived(jsonb, text)', 'update',
     'Restore from the archive: payload memory_id -> memory, or session_id (payload or envelope) -> session');

GRANT EXECUTE ON FUNCTION
    memory.read_archived_memory(text),
    memory.batch_read_archived_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text),
    memory.restore_archived_memory(text),
    memory.restore_archived_session(text)
TO memory_agent;
GRANT EXECUTE ON FUNCTION memory_store.restore_archived(text, text, text[]) TO memory_dba;

COMMIT;
