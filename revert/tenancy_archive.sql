-- Revert memory-orchestrator:tenancy_archive from pg
-- The jobs go back to memory_owner, the policies and the user_id columns of
-- the archive tables go (the archive move copies columns by name: with the
-- hot tables' user_id gone too once tenancy_columns is reverted, nothing
-- refers to them).
BEGIN;

ALTER FUNCTION memory_store.archive_mark_sessions_batch(integer, interval, interval) OWNER TO memory_owner;
ALTER FUNCTION memory_store.archive_sessions_batch(integer) OWNER TO memory_owner;
ALTER FUNCTION memory_store.purge_expired_archive_batch(integer) OWNER TO memory_owner;
ALTER FUNCTION memory_store.restore_archived(text, text, text[]) OWNER TO memory_owner;
ALTER FUNCTION memory_store.retention_usage(text) OWNER TO memory_owner;
ALTER FUNCTION memory_store.enforce_retention_batch(text, integer) OWNER TO memory_owner;

SET LOCAL ROLE memory_owner;

SELECT memory_store.remove_tenant_policy('memory_archive.vector_embeddings');
SELECT memory_store.remove_tenant_policy('memory_archive.memory_entries');
DROP INDEX memory_archive.idx_archive_memory_entries_user_id;
ALTER TABLE memory_archive.vector_embeddings DROP COLUMN user_id;
ALTER TABLE memory_archive.memory_entries DROP COLUMN user_id;

COMMIT;
