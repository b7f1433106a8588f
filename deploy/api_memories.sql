-- Deploy memory-orchestrator:api_memories to pg
-- requires: api_dispatch
-- requires: api_triggers
-- The memory operations: create, read, update, delete (soft / hard), batch
-- read with filters, sort and paging, bulk delete by filter; typed functions
-- in schema memory and their dispatch actions.
BEGIN;

SET LOCAL ROLE memory_owner;

-- One page of a batch read.
CREATE TYPE memory.memory_page AS (
    memories    memory.memory_record[],
    total_count bigint,
    page_limit  integer,
    page_offset integer,
    has_more    boolean
);
COMMENT ON TYPE memory.memory_page IS 'One page of memory.batch_read_memories: the memories, the total matching, the page''s limit and offset, whether more follow';

\ir ../functions/history/memory_store/memories_impl.v1.sql
\ir ../functions/history/memory/memories.v1.sql
\ir ../functions/history/memory_store/dispatch_memories.v1.sql

GRANT EXECUTE ON FUNCTION
    memory.create_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text),
    memory.read_memory(text, boolean),
    memory.update_memory(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer),
    memory.delete_memory(text, boolean),
    memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text),
    memory.bulk_delete_memories(text, timestamptz, text[], text, boolean)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('create',      'memory_store.dispatch_create(jsonb, text)',      'create', 'Create a memory with tags and an optional embedding'),
    ('read',        'memory_store.dispatch_read(jsonb, text)',        'read',   'Read one memory with its tags'),
    ('update',      'memory_store.dispatch_update(jsonb, text)',      'update', 'Partially update a memory'),
    ('delete',      'memory_store.dispatch_delete(jsonb, text)',      'delete', 'Soft or hard delete a memory'),
    ('batch_read',  'memory_store.dispatch_batch_read(jsonb, text)',  'read',   'Memories by ids and/or filter, sorted and paged'),
    ('bulk_delete', 'memory_store.dispatch_bulk_delete(jsonb, text)', 'delete', 'Delete every memory matching a filter');

COMMIT;
