-- Deploy memory-orchestrator:history_api to pg
-- requires: history_table
-- History and time travel in the agent API (issue 17, points 1 and 2 for
-- read and batch_read): memory.memory_history and dispatch `history`;
-- p_as_of / payload as_of on read and batch read, in their own functions
-- (read_memory_as_of_impl, memory_page_read 'as_of'; read_memory_impl
-- stays as it is). Every change is a version: update (tags included, the row
-- versioned before its tags change), add/remove tags (operation 'tag', one
-- helper change_tags_impl for both), delete/restore (inferred by the
-- trigger), archive/unarchive (the archive triggers). Key rotation
-- re-encrypts the kept versions and is no version itself. The batch reads
-- of the hot table, the archive and an instant share one body
-- (memory_page_read).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/support/as_of_checked.v1.sql
\ir ../functions/memory_store/memories/read_memory_as_of_impl.v1.sql
\ir ../functions/memory_store/sensitive/reveal_as_of.v1.sql
\ir ../functions/history/memory_store/memories/memory_page_read.v1.sql
\ir ../functions/memory_store/memories/batch_read_impl.v3.sql
\ir ../functions/memory_store/archive/batch_read_archived_impl.v3.sql
\ir ../functions/memory_store/tags/change_tags_impl.v1.sql
\ir ../functions/memory_store/tags/add_tags_impl.v2.sql
\ir ../functions/memory_store/tags/remove_tags_impl.v2.sql
\ir ../functions/memory_store/memories/update_memory_impl.v3.sql
\ir ../functions/memory_store/sensitive/rotate_encryption_key_impl.v3.sql
\ir ../functions/memory_store/memories/dispatch_read.v3.sql
\ir ../functions/history/memory_store/memories/dispatch_batch_read.v2.sql
\ir ../functions/memory_store/memories/memory_history_impl.v1.sql
\ir ../functions/memory_store/memories/dispatch_history.v1.sql

-- A new trailing parameter is a new signature: the old one goes first, so
-- that calls by position or name stay unambiguous.
DROP FUNCTION memory.read_memory(text, boolean);
\ir ../functions/history/memory/memories/read_memory.v4.sql
DROP FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz,
                                         boolean, integer, integer, text, text);
\ir ../functions/memory/memories/batch_read_memories.v3.sql
\ir ../functions/memory/memories/memory_history.v1.sql

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('history', 'memory_store.dispatch_history(jsonb, text)', 'read',
     'The versions of one memory, oldest first: payload memory_id, limit, before_version -> memory_id, versions (version, valid_from, valid_to, operation, agent_id, content, tags, priority, is_active, expires_at), has_more');
UPDATE memory_store.dispatch_actions
   SET description = description || ' (payload as_of: as the store stood at that instant)'
 WHERE action IN ('read', 'batch_read') AND description NOT LIKE '%as_of%';

GRANT EXECUTE ON FUNCTION memory.read_memory(text, boolean, timestamptz) TO memory_agent;
GRANT EXECUTE ON FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz,
                                                     boolean, integer, integer, text, text, timestamptz) TO memory_agent;
GRANT EXECUTE ON FUNCTION memory.memory_history(text, integer, integer) TO memory_agent;

COMMIT;
