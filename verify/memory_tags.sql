-- Verify memory-orchestrator:memory_tags on pg
BEGIN;

SELECT tag_id, memory_id, tag FROM memory_store.memory_tags WHERE false;

SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_tags'::regclass AND conname = 'unique_memory_tag' AND contype = 'u';
SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_tags'::regclass AND contype = 'f'
   AND confrelid = 'memory_store.memory_registry'::regclass AND confdeltype = 'c';

ROLLBACK;
