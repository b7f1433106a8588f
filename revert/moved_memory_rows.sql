-- Revert memory-orchestrator:moved_memory_rows from pg
-- The propagation on UPDATE OF user_id only again (the rows it realigned stay).
BEGIN;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_entries_propagate_user_id ON memory_store.memory_entries;
CREATE TRIGGER memory_entries_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.propagate_user_id('memory_id', 'memory_tags:memory_id', 'vector_embeddings:memory_id',
                                                    'memory_relationships:source_memory_id');

COMMIT;
