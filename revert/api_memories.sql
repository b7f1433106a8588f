-- Revert memory-orchestrator:api_memories from pg
BEGIN;

DELETE FROM memory_store.dispatch_actions
 WHERE action IN ('create', 'read', 'update', 'delete', 'batch_read', 'bulk_delete');

DROP FUNCTION memory_store.dispatch_bulk_delete(jsonb, text);
DROP FUNCTION memory_store.dispatch_batch_read(jsonb, text);
DROP FUNCTION memory_store.dispatch_delete(jsonb, text);
DROP FUNCTION memory_store.dispatch_update(jsonb, text);
DROP FUNCTION memory_store.dispatch_read(jsonb, text);
DROP FUNCTION memory_store.dispatch_create(jsonb, text);
DROP FUNCTION memory_store.memory_json(memory.memory_record);
DROP FUNCTION memory.bulk_delete_memories(text, timestamptz, text[], text, boolean);
DROP FUNCTION memory.batch_read_memories(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text);
DROP FUNCTION memory.delete_memory(text, boolean);
DROP FUNCTION memory.update_memory(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer);
DROP FUNCTION memory.read_memory(text, boolean);
DROP FUNCTION memory.create_memory(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text);
DROP FUNCTION memory_store.bulk_delete_impl(text, timestamptz, text[], text, boolean);
DROP FUNCTION memory_store.batch_read_impl(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text);
DROP FUNCTION memory_store.delete_memory_impl(text, boolean);
DROP FUNCTION memory_store.update_memory_impl(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer);
DROP FUNCTION memory_store.create_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text);
DROP FUNCTION memory_store.clean_tags(text[]);
DROP FUNCTION memory_store.read_memory_impl(text, boolean);
DROP TYPE memory.memory_page;

COMMIT;
