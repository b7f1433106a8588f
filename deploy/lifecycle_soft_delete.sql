-- Deploy memory-orchestrator:lifecycle_soft_delete to pg
-- requires: lifecycle_ttl
-- requires: api_memories
-- Soft delete, then purge: a soft-deleted memory (is_active = false) can be
-- restored within the grace period (setting soft_delete_grace, counted from
-- updated_at, which the soft delete sets); the job purge_soft_deleted
-- deletes it afterwards, in batches like purge_expired.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/soft_delete.v1.sql
\ir ../functions/history/memory/restore_memory.v1.sql

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('purge_soft_deleted', '23 3 * * *', 'CALL memory_store.purge_soft_deleted()',
     'Deletes memories soft-deleted (is_active = false) longer ago than soft_delete_grace, in batches of purge_batch_size');

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('restore', 'memory_store.dispatch_restore(jsonb, text)', 'update',
     'Restore a soft-deleted memory within the grace period: payload memory_id -> memory');

GRANT EXECUTE ON FUNCTION memory.restore_memory(text) TO memory_agent;
GRANT EXECUTE ON FUNCTION memory_store.purge_soft_deleted_batch(integer, interval) TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.purge_soft_deleted(integer) TO memory_dba;

COMMIT;
