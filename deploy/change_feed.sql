-- Deploy memory-orchestrator:change_feed to pg
-- requires: relationship_walk_budget
-- A change feed without leaks (issue 15, point 5). NOTIFY memory_changes
-- carried the memory and session ids of every user to every role that can
-- LISTEN, which is every role (PostgreSQL has no privilege on LISTEN). Now
-- the notification is an empty payload, and what changed goes to the table
-- memory_store.memory_changes, written by the same statement triggers in the
-- writer's transaction, under the tenant policy like the other user-owned
-- tables. memory.changes_since (dispatch action changes_since) reads it for
-- the acting user with a gapless cursor: ordered by the writer's transaction
-- id (xid8) and a sequence within it, served only below the xmin of the
-- reader's snapshot, so a transaction that commits later can never land
-- behind a cursor already handed out (the transactional-outbox pattern;
-- docs/api.md, "Change feed"). Retention: the lifecycle job
-- prune_change_feed (setting change_feed_retention, batches of
-- memory_store.prune_memory_changes_batch), which moves a horizon that makes
-- older cursors stale (22023); scheduled here like the others
-- (lifecycle_schedule).
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_changes (
    txid       xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    user_id    varchar(64),
    memory_id  varchar(64) NOT NULL,
    session_id varchar(64),
    operation  text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT memory_changes_pkey PRIMARY KEY (txid, seq),
    CONSTRAINT memory_changes_operation_check CHECK (operation IN ('insert', 'update', 'delete'))
);
COMMENT ON TABLE memory_store.memory_changes IS
    'The change feed: one row per insert, update or delete of a memory, written by the statement triggers on memory_entries in the writer''s transaction; feed order (txid, seq); read by memory.changes_since under the tenant policy; pruned by prune_memory_changes_batch (setting change_feed_retention).';
CREATE INDEX memory_changes_user_position ON memory_store.memory_changes (user_id, txid, seq);

CREATE TABLE memory_store.memory_changes_horizon (
    singleton boolean NOT NULL DEFAULT true,
    txid      xid8 NOT NULL,
    seq       bigint NOT NULL,
    pruned_at timestamptz,
    CONSTRAINT memory_changes_horizon_pkey PRIMARY KEY (singleton),
    CONSTRAINT memory_changes_horizon_singleton CHECK (singleton)
);
COMMENT ON TABLE memory_store.memory_changes_horizon IS
    'One row: the last feed position (txid, seq) pruned from memory_store.memory_changes; changes_since refuses a cursor before it.';
INSERT INTO memory_store.memory_changes_horizon (txid, seq) VALUES ('0', 0);

SELECT memory_store.apply_tenant_policy('memory_store.memory_changes');

INSERT INTO memory_store.lifecycle_settings (name, value, default_value, kind, min_value, max_value, description) VALUES
    ('change_feed_retention', '"7 days"', '"7 days"', 'interval', NULL, NULL,
     'Age after which memory_store.prune_memory_changes_batch deletes change-feed rows (memory_store.memory_changes); a cursor older than what is kept gets 22023 from changes_since');

\ir ../functions/memory_store/memories/notify_memory_changes.v2.sql
\ir ../functions/memory_store/memories/changes_since_impl.v1.sql
\ir ../functions/memory_store/memories/dispatch_changes_since.v1.sql
\ir ../functions/memory/memories/changes_since.v1.sql
\ir ../functions/memory_store/lifecycle/prune_memory_changes_batch.v1.sql
\ir ../functions/history/memory_store/lifecycle/prune_change_feed.v1.sql

-- An UPDATE that hands a memory to another user is a delete for the old one:
-- the update trigger needs the old rows too.
DROP TRIGGER memory_entries_notify_update ON memory_store.memory_entries;
CREATE TRIGGER memory_entries_notify_update AFTER UPDATE ON memory_store.memory_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.notify_memory_changes();

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('changes_since', 'memory_store.dispatch_changes_since(jsonb, text)', 'read',
     'What changed in the acting user''s memories after a cursor, oldest first, without gaps: payload cursor, limit -> changes, next_cursor, has_more');

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('prune_change_feed', '53 4 * * *', 'CALL memory_store.prune_change_feed()',
     'Deletes change-feed rows (memory_store.memory_changes) older than change_feed_retention, oldest first, in batches of purge_batch_size');

GRANT EXECUTE ON FUNCTION memory.changes_since(text, integer) TO memory_agent;
GRANT EXECUTE ON FUNCTION memory_store.prune_memory_changes_batch(integer, interval) TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.prune_change_feed(integer) TO memory_dba;

RESET ROLE;

-- The trigger writes the feed rows of whoever wrote the memories (a tenant,
-- or maintenance for every tenant); the prune sees every tenant's rows.
ALTER FUNCTION memory_store.notify_memory_changes() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.prune_memory_changes_batch(integer, interval) OWNER TO memory_maintainer;

-- The new job is scheduled like the others: by name, as the deploying role,
-- where pg_cron lives; elsewhere one NOTICE says what to run there.
DO $$
BEGIN
    IF pg_catalog.to_regprocedure('cron.schedule_in_database(text, text, text, text, text, boolean)') IS NOT NULL THEN
        PERFORM memory_store.schedule_jobs();
    ELSE
        RAISE NOTICE '%', memory_store.schedule_jobs_notice();
    END IF;
END
$$;

COMMIT;
