-- Revert memory-orchestrator:change_feed from pg
-- The notifications carry ids again (the previous body, owned by
-- memory_owner as before), the update trigger sees the new rows only.
BEGIN;

ALTER FUNCTION memory_store.notify_memory_changes() OWNER TO memory_owner;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_entries_notify_update ON memory_store.memory_entries;
\ir ../functions/history/memory_store/memories/notify_memory_changes.v1.sql
CREATE TRIGGER memory_entries_notify_update AFTER UPDATE ON memory_store.memory_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes();

DELETE FROM memory_store.dispatch_actions WHERE action = 'changes_since';
DROP FUNCTION memory.changes_since(text, integer);
DROP FUNCTION memory_store.dispatch_changes_since(jsonb, text);
DROP FUNCTION memory_store.changes_since_impl(text, integer);
DROP FUNCTION memory_store.prune_memory_changes_batch(integer, interval);
DELETE FROM memory_store.lifecycle_settings WHERE name = 'change_feed_retention';
DROP TABLE memory_store.memory_changes_horizon;
DROP TABLE memory_store.memory_changes;

COMMIT;
