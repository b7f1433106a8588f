-- Deploy memory-orchestrator:lifecycle_ttl to pg
-- requires: lifecycle_jobs
-- TTL expiry: the job memory_store.purge_expired deletes expired memories
-- (expires_at < now()) and expired agent states in bounded batches, one
-- transaction per batch. Deleting a memory releases its registry row, which
-- cascades to its tags, embeddings and relationships and nulls its access-log
-- references (the seed's rules, deviation 2 in the README).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/purge_expired.v1.sql

INSERT INTO memory_store.lifecycle_jobs (job_name, schedule, command, description) VALUES
    ('purge_expired', '*/10 * * * *', 'CALL memory_store.purge_expired()',
     'Deletes expired memories and agent states in batches of purge_batch_size, at most purge_max_batches per run');

GRANT EXECUTE ON FUNCTION
    memory_store.purge_batch_size(integer),
    memory_store.purge_expired_batch(integer)
TO memory_dba;
GRANT EXECUTE ON PROCEDURE memory_store.purge_expired(integer) TO memory_dba;

COMMIT;
