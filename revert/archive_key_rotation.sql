-- Revert memory-orchestrator:archive_key_rotation from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/rotate_encryption_key_impl.v1.sql

COMMIT;
