-- Deploy memory-orchestrator:tenancy_archive to pg
-- requires: tenancy_policies
-- requires: archive_storage
-- requires: archive_sessions
-- requires: archive_api
-- requires: retention_budget
-- Tenancy, part 6: cold storage under the same isolation as the hot tables.
-- The archive and the tenancy changes were built side by side; this change
-- joins them:
--   * the archive tables get the hot tables' new user_id column (through
--     memory_store.archive_sync_columns, which adds by name what a hot table
--     has and its archive copy lacks), filled for rows archived before;
--   * row-level security with the same tenant_isolation policy
--     (memory_store.apply_tenant_policy), so the agent's archive API
--     (read/batch read/restore archived, owned by memory_owner) sees only the
--     tenant's archived memories;
--   * the jobs that must see every tenant (archiving sessions, purging the
--     archive, the DBA's restore_archived, the retention budget) are owned by
--     memory_maintainer (BYPASSRLS), like purge_expired_batch: owned by
--     memory_owner under FORCEd policies they would silently see nothing
--     when run by pg_cron or a DBA acting for no user.
BEGIN;

SET LOCAL ROLE memory_owner;

SELECT memory_store.archive_sync_columns();

-- Rows archived before this change: the owner from their session (sessions
-- stay hot), an embedding from its archived memory.
UPDATE memory_archive.memory_entries a SET user_id = s.user_id
  FROM memory_store.sessions s
 WHERE s.session_id = a.session_id AND a.user_id IS NULL;
UPDATE memory_archive.vector_embeddings v SET user_id = a.user_id
  FROM memory_archive.memory_entries a
 WHERE a.memory_id = v.memory_id AND v.user_id IS DISTINCT FROM a.user_id;

CREATE INDEX idx_archive_memory_entries_user_id ON memory_archive.memory_entries (user_id);

SELECT memory_store.apply_tenant_policy('memory_archive.memory_entries');
SELECT memory_store.apply_tenant_policy('memory_archive.vector_embeddings');

RESET ROLE;

ALTER FUNCTION memory_store.archive_mark_sessions_batch(integer, interval, interval) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.archive_sessions_batch(integer) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.purge_expired_archive_batch(integer) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.restore_archived(text, text, text[]) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.retention_usage(text) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.enforce_retention_batch(text, integer) OWNER TO memory_maintainer;

COMMIT;
