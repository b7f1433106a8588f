-- Revert memory-orchestrator:change_feed from pg
-- The notifications carry ids again (the previous body, owned by
-- memory_owner as before), the update trigger sees the new rows only.
BEGIN;

-- The job leaves pg_cron first (where it was scheduled, by its name).
DO $$
DECLARE
    v_name text := memory_store.cron_job_name(current_database(), 'prune_change_feed');
BEGIN
    IF pg_catalog.to_regclass('cron.job') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM cron.job c WHERE c.jobname = v_name AND c.username = current_user) THEN
            PERFORM cron.unschedule(v_name::name);
        END IF;
    END IF;
END
$$;

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
DELETE FROM memory_store.job_runs WHERE job_name = 'prune_change_feed';
DELETE FROM memory_store.lifecycle_jobs WHERE job_name = 'prune_change_feed';
DROP PROCEDURE memory_store.prune_change_feed(integer);
DROP FUNCTION memory_store.prune_memory_changes_batch(integer, interval);
DELETE FROM memory_store.lifecycle_settings WHERE name = 'change_feed_retention';
DROP TABLE memory_store.memory_changes_horizon;
DROP TABLE memory_store.memory_changes;

COMMIT;
