-- Revert memory-orchestrator:access_log_no_fk from pg
-- The foreign keys again; an id whose row is gone (a read that raced the
-- delete of its memory) is nulled first, as SET NULL would have.
BEGIN;

SET LOCAL ROLE memory_owner;

DROP TRIGGER memory_access_logs_forget_deleted ON memory_store.memory_registry;
DROP TRIGGER memory_access_logs_forget_deleted ON memory_store.sessions;
DROP FUNCTION memory_store.memory_access_logs_forget_deleted();

UPDATE memory_store.memory_access_logs l SET memory_id = NULL
 WHERE l.memory_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = l.memory_id);
UPDATE memory_store.memory_access_logs l SET session_id = NULL
 WHERE l.session_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = l.session_id);

ALTER TABLE memory_store.memory_access_logs
    ADD CONSTRAINT memory_access_logs_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE SET NULL,
    ADD CONSTRAINT memory_access_logs_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES memory_store.sessions (session_id) ON DELETE SET NULL;

COMMIT;
