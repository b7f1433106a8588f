-- Revert memory-orchestrator:history_api from pg
-- The previous bodies and signatures come back; history and as_of leave
-- the API (the history tables stay: history_table owns them).
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action = 'history';
UPDATE memory_store.dispatch_actions
   SET description = replace(description, ' (payload as_of: as the store stood at that instant)', '')
 WHERE action IN ('read', 'batch_read');

DROP FUNCTION memory.memory_history(text, integer, integer);
DROP FUNCTION memory.read_memory(text, boolean, timestamptz);
\ir ../functions/history/memory/memories/read_memory.v3.sql
DROP FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz,
                                         boolean, integer, integer, text, text, timestamptz);
\ir ../functions/history/memory/memories/batch_read_memories.v2.sql
GRANT EXECUTE ON FUNCTION memory.read_memory(text, boolean) TO memory_agent;
GRANT EXECUTE ON FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz,
                                                     boolean, integer, integer, text, text) TO memory_agent;

\ir ../functions/history/memory_store/memories/dispatch_read.v2.sql
\ir ../functions/history/memory_store/memories/dispatch_batch_read.v1.sql
\ir ../functions/history/memory_store/memories/batch_read_impl.v2.sql
\ir ../functions/history/memory_store/archive/batch_read_archived_impl.v2.sql
\ir ../functions/history/memory_store/tags/add_tags_impl.v1.sql
\ir ../functions/history/memory_store/tags/remove_tags_impl.v1.sql
\ir ../functions/history/memory_store/memories/update_memory_impl.v2.sql
\ir ../functions/history/memory_store/sensitive/rotate_encryption_key_impl.v2.sql

DROP FUNCTION memory_store.dispatch_history(jsonb, text);
DROP FUNCTION memory_store.memory_history_impl(text, integer, integer);
DROP FUNCTION memory_store.change_tags_impl(text, text[], boolean);
DROP FUNCTION memory_store.memory_page_read(text, timestamptz, text[], text[], text, text, text, text[], timestamptz,
                                            timestamptz, boolean, boolean, integer, integer, text, text);
DROP FUNCTION memory_store.reveal_as_of(memory.memory_record, timestamptz, boolean);
DROP FUNCTION memory_store.read_memory_as_of_impl(text, timestamptz, boolean);
DROP FUNCTION memory_store.as_of_checked(timestamptz);

COMMIT;
