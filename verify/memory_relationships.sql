-- Verify memory-orchestrator:memory_relationships on pg
BEGIN;

SELECT relationship_id, source_memory_id, target_memory_id, relationship_type, metadata, created_at
  FROM memory_store.memory_relationships
 WHERE false;

SELECT 1 / (count(*) = 2)::int FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_relationships'::regclass AND contype = 'f'
   AND confrelid = 'memory_store.memory_registry'::regclass AND confdeltype = 'c';
SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_relationships'::regclass
   AND conname = 'unique_memory_relationship' AND contype = 'u';

ROLLBACK;
