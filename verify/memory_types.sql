-- Verify memory-orchestrator:memory_types on pg
BEGIN;

SELECT 1 / (count(*) >= 6)::int FROM memory_store.memory_types
 WHERE memory_type IN ('conversation', 'context', 'user_preference', 'agent_state', 'entity', 'interaction');

SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.memory_entries'::regclass AND conname = 'memory_entries_memory_type_fkey'
   AND confrelid = 'memory_store.memory_types'::regclass;

ROLLBACK;
