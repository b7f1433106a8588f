-- Verify memory-orchestrator:memory_registry on pg
BEGIN;

SELECT memory_id, created_at FROM memory_store.memory_registry WHERE false;

SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_registry'::regclass AND contype = 'p'
   AND conkey = ARRAY[(SELECT attnum FROM pg_catalog.pg_attribute
                        WHERE attrelid = 'memory_store.memory_registry'::regclass AND attname = 'memory_id')];

ROLLBACK;
