-- Revert memory-orchestrator:archive_api from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action IN ('read_archived', 'batch_read_archived', 'restore_archived');
DROP FUNCTION memory.restore_archived_session(text);
DROP FUNCTION memory.restore_archived_memory(text);
DROP FUNCTION memory.batch_read_archived_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text);
DROP FUNCTION memory.read_archived_memory(text);
DROP FUNCTION memory_store.restore_archived(text, text, text[]);
DROP FUNCTION memory_store.dispatch_restore_archived(jsonb, text);
DROP FUNCTION memory_store.dispatch_batch_read_archived(jsonb, text);
DROP FUNCTION memory_store.dispatch_read_archived(jsonb, text);
DROP FUNCTION memory_store.restore_archived_session_impl(text);
DROP FUNCTION memory_store.restore_archived_memory_impl(text);
DROP FUNCTION memory_store.batch_read_archived_impl(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text);
DROP FUNCTION memory_store.read_archived_memory_impl(text);
DROP FUNCTION memory_store.reveal_archived(memory.memory_record, boolean);

COMMIT;
