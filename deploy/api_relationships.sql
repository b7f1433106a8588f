-- Deploy memory-orchestrator:api_relationships to pg
-- requires: api_dispatch
-- Relationships between memories in the agent API: memory.relate,
-- memory.unrelate, memory.walk_relationships and their dispatch actions.
BEGIN;

SET LOCAL ROLE memory_owner;

-- A relationship as the API returns it: the memory_relationships row.
CREATE TYPE memory.relationship AS (
    relationship_id   integer,
    source_memory_id  varchar(64),
    target_memory_id  varchar(64),
    relationship_type varchar(32),
    metadata          jsonb,
    created_at        timestamptz
);
COMMENT ON TYPE memory.relationship IS
'A typed link between two memories, source -> target, as memory.relate returns it (the memory_relationships row)';

\ir ../functions/history/memory_store/relationships_impl.v1.sql
\ir ../functions/history/memory/relationships.v1.sql
\ir ../functions/history/memory_store/dispatch_relationships.v1.sql

GRANT USAGE ON TYPE memory.relationship TO memory_agent;
GRANT EXECUTE ON FUNCTION
    memory.relate(text, text, text, jsonb),
    memory.unrelate(text, text, text),
    memory.walk_relationships(text, integer, text[], text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('relate', 'memory_store.dispatch_relate(jsonb, text)', 'create',
     'Link two memories (idempotent): payload source_memory_id, target_memory_id, relationship_type, metadata -> relationship'),
    ('unrelate', 'memory_store.dispatch_unrelate(jsonb, text)', 'delete',
     'Remove a link: payload source_memory_id, target_memory_id, relationship_type (optional) -> removed'),
    ('walk_relationships', 'memory_store.dispatch_walk_relationships(jsonb, text)', 'read',
     'Memories reachable from one: payload memory_id, max_depth, relationship_types[], direction -> results, total_count');

COMMIT;
