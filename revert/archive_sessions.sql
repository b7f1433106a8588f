-- Revert memory-orchestrator:archive_sessions from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'archive_sessions';
DROP PROCEDURE memory_store.archive_sessions(integer);
DROP FUNCTION memory_store.purge_expired_archive_batch(integer);
DROP FUNCTION memory_store.archive_sessions_batch(integer);
DROP FUNCTION memory_store.archive_mark_sessions_batch(integer, interval, interval);
DROP FUNCTION memory_store.archive_batch_size(integer);
DELETE FROM memory_store.lifecycle_settings
 WHERE name IN ('archive_after_ended', 'archive_after_idle', 'archive_batch_size', 'archive_max_batches');

COMMIT;
