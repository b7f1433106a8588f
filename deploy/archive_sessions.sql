-- Deploy memory-orchestrator:archive_sessions to pg
-- requires: archive_storage
-- requires: lifecycle_jobs
-- requires: lifecycle_settings_nullable
-- The archive job (issue 5, archiving): sessions that ended or sat idle
-- longer than the settings allow are marked is_archived and their memories
-- move to memory_archive, in batches with a COMMIT after each, like the
-- purge jobs. Also archived by this job: the memories of sessions an agent
-- archived itself (memory.end_session(p_archive => true)), and memories
-- written to an archived session later.
BEGIN;

SET LOCAL ROLE memory_owner;

INSERT INTO memory_store.lifecycle_settings (name, value, default_value, kind, min_value, max_value, nullable, description) VALUES
    ('archive_after_ended', '"30 days"', '"30 days"', 'interval', NULL, NULL, true,
     'A session that ended longer ago than this, with no activity since (updated_at), is archived and its memories move to memory_archive; null = never for having ended'),
    ('archive_after_idle', '"90 days"', '"90 days"', 'interval', NULL, NULL, true,
     'A session with no activity (updated_at) for longer than this, ended or not, is archived; null = never for being idle'),
    ('archive_batch_size', '1000', '1000', 'integer', 1, 100000, false,
     'Sessions marked, memories moved (with their embeddings) or deleted per transaction by archive_sessions and enforce_retention'),
    ('archive_max_batches', '1000', '1000', 'integer', 1, 1000000, false,
     'Budget of one archive_sessions run (per step) or enforce_retention run: at most this many batches, the rest waits for the next run');

\ir ../functions/history/memory_store/archive_sessions.v1.sql

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('archive_sessions', '37 1 * * *', 'CALL memory_store.archive_sessions()',
     'Archives sessions ended or idle longer than archive_after_ended / archive_after_idle, moves their memories to memory_archive, deletes expired archived memories');

GRANT EXECUTE ON FUNCTION
    memory_store.archive_batch_size(integer),
    memory_store.archive_mark_sessions_batch(integer, interval, interval),
    memory_store.archive_sessions_batch(integer),
    memory_store.purge_expired_archive_batch(integer)
TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.archive_sessions(integer) TO memory_dba;

COMMIT;
