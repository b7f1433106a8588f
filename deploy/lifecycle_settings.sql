-- Deploy memory-orchestrator:lifecycle_settings to pg
-- requires: api_support
-- The settings of the data-lifecycle jobs (issue 5) in one table, changeable
-- at run time (UPDATE or memory_store.set_lifecycle_setting) without a
-- redeploy. Every value is checked by a trigger against its kind and bounds;
-- default_value documents what deploy put there.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.lifecycle_settings (
    name          text PRIMARY KEY,
    value         jsonb NOT NULL,
    default_value jsonb NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('integer', 'interval')),
    min_value     numeric,
    max_value     numeric,
    description   text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

COMMENT ON TABLE memory_store.lifecycle_settings IS
    'Settings of the data-lifecycle jobs: retention ages, grace period, budgets, batch sizes. Change value with UPDATE or memory_store.set_lifecycle_setting; default_value is what deploy set.';

\ir ../functions/history/memory_store/lifecycle_settings.v1.sql

CREATE TRIGGER lifecycle_settings_check
    BEFORE INSERT OR UPDATE ON memory_store.lifecycle_settings
    FOR EACH ROW EXECUTE FUNCTION memory_store.lifecycle_settings_check();

INSERT INTO memory_store.lifecycle_settings (name, value, default_value, kind, min_value, max_value, description) VALUES
    ('purge_batch_size', '5000', '5000', 'integer', 1, 100000,
     'Rows deleted per transaction by the purge jobs (purge_expired, purge_soft_deleted); a COMMIT follows each batch'),
    ('purge_max_batches', '1000', '1000', 'integer', 1, 1000000,
     'Budget of one purge run: at most this many batches, the rest waits for the next run'),
    ('soft_delete_grace', '"30 days"', '"30 days"', 'interval', NULL, NULL,
     'How long a soft-deleted memory (is_active = false, by updated_at) can be restored before purge_soft_deleted removes it'),
    ('access_log_retention', '"12 months"', '"12 months"', 'interval', NULL, NULL,
     'Age after which memory_access_logs rows go: monthly partitions wholly older are detached and dropped, older rows in the default partition deleted'),
    ('partition_months_ahead', '3', '3', 'integer', 0, 120,
     'Monthly partitions kept ready after the current month by partition_upkeep'),
    ('job_history_retention', '"14 days"', '"14 days"', 'interval', NULL, NULL,
     'Age after which prune_job_history deletes memory_store.job_runs rows and (where readable) cron.job_run_details rows');

GRANT SELECT, UPDATE (value) ON memory_store.lifecycle_settings TO memory_dba;
GRANT EXECUTE ON FUNCTION
    memory_store.lifecycle_int(text),
    memory_store.lifecycle_interval(text),
    memory_store.set_lifecycle_setting(text, jsonb)
TO memory_dba;

COMMIT;
