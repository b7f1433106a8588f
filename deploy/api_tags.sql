-- Deploy memory-orchestrator:api_tags to pg
-- requires: api_dispatch
-- Tags of a memory in the agent API: memory.add_tags, memory.remove_tags,
-- memory.list_tags, memory.tag_counts and their dispatch actions.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tags_impl.v1.sql
\ir ../functions/history/memory/tags.v1.sql
\ir ../functions/history/memory_store/dispatch_tags.v1.sql

GRANT EXECUTE ON FUNCTION
    memory.add_tags(text, text[]),
    memory.remove_tags(text, text[]),
    memory.list_tags(text),
    memory.tag_counts(text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('add_tags', 'memory_store.dispatch_add_tags(jsonb, text)', 'update',
     'Add tags to a memory (idempotent): payload memory_id, tags[] -> memory_id, tags'),
    ('remove_tags', 'memory_store.dispatch_remove_tags(jsonb, text)', 'update',
     'Remove tags from a memory: payload memory_id, tags[] -> memory_id, tags (remaining)'),
    ('list_tags', 'memory_store.dispatch_list_tags(jsonb, text)', 'read',
     'The tags of a memory: payload memory_id -> memory_id, tags'),
    ('tag_counts', 'memory_store.dispatch_tag_counts(jsonb, text)', 'read',
     'Memories per tag: payload user_id (optional) -> tag_counts[{tag, memory_count}]');

COMMIT;
