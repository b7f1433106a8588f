-- Deploy memory-orchestrator:moved_memory_rows to pg
-- requires: write_path_plans
-- A memory moved to another user's session takes its tags, embeddings and
-- relationships along. memory_entries_set_user_id gives the memory its new
-- session's user in a BEFORE trigger, but memory_entries_propagate_user_id
-- fired only on UPDATE OF user_id: a column list names the columns of the
-- statement's SET list, never one a BEFORE trigger changed, so an UPDATE of
-- session_id left the memory's rows with the old user (found by
-- tests/test_write_path_plans.py). The trigger now fires on every update
-- whose user_id changed, whatever the statement set.
BEGIN;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_entries_propagate_user_id ON memory_store.memory_entries;
CREATE TRIGGER memory_entries_propagate_user_id
    AFTER UPDATE ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.propagate_user_id('memory_id', 'memory_tags:memory_id', 'vector_embeddings:memory_id',
                                                    'memory_relationships:source_memory_id');

-- The rows an earlier move left behind.
RESET ROLE;
UPDATE memory_store.memory_tags t SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = t.memory_id AND t.user_id IS DISTINCT FROM e.user_id;
UPDATE memory_store.vector_embeddings v SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = v.memory_id AND v.user_id IS DISTINCT FROM e.user_id;
UPDATE memory_store.memory_relationships r SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = r.source_memory_id AND r.user_id IS DISTINCT FROM e.user_id;

COMMIT;
