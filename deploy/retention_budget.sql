-- Deploy memory-orchestrator:retention_budget to pg
-- requires: archive_storage
-- requires: archive_sessions
-- requires: lifecycle_settings_nullable
-- Priority-based retention (issue 5, point 5): a budget per user of active
-- memories (and optionally content bytes); over it, the lowest-priority,
-- then oldest, memories are archived first, and memories at or above a
-- protected priority are never archived. On demand
-- (CALL memory_store.enforce_retention(p_user_id => ...)) and as a job.
BEGIN;

SET LOCAL ROLE memory_owner;

INSERT INTO memory_store.lifecycle_settings (name, value, default_value, kind, min_value, max_value, nullable, description) VALUES
    ('retention_max_memories', '100000', '100000', 'integer', 0, 2147483647, true,
     'Budget of active memories per user (through sessions.user_id); over it, enforce_retention archives the lowest-priority, then oldest, ones; null = no limit'),
    ('retention_max_content_mib', 'null', 'null', 'integer', 0, 2147483647, true,
     'Budget of content per user in MiB (stored size of content, pg_column_size); over it, enforce_retention archives as for the count; null = no limit'),
    ('retention_protected_priority', '9', '9', 'integer', 1, 11, false,
     'Memories with priority >= this are never archived by enforce_retention (11 = none protected)');

CREATE TABLE memory_store.retention_budgets (
    user_id         varchar(64) NOT NULL,
    max_memories    integer,
    max_content_mib integer,
    CONSTRAINT retention_budgets_pkey PRIMARY KEY (user_id),
    CONSTRAINT retention_budgets_user_id_check CHECK (length(user_id) > 0),
    CONSTRAINT retention_budgets_max_memories_check CHECK (max_memories >= 0),
    CONSTRAINT retention_budgets_max_content_mib_check CHECK (max_content_mib >= 0)
);
COMMENT ON TABLE memory_store.retention_budgets IS
    'Per-user retention budgets overriding the settings retention_max_memories / retention_max_content_mib; a NULL column takes the setting';

\ir ../functions/history/memory_store/retention.v1.sql

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('enforce_retention', '7 5 * * *', 'CALL memory_store.enforce_retention()',
     'Archives the lowest-priority, then oldest, memories of users over their retention budget; protected priorities stay');

GRANT SELECT, INSERT, UPDATE, DELETE ON memory_store.retention_budgets TO memory_dba;
GRANT EXECUTE ON FUNCTION
    memory_store.retention_usage(text),
    memory_store.enforce_retention_batch(text, integer)
TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.enforce_retention(text, integer) TO memory_dba;

COMMIT;
