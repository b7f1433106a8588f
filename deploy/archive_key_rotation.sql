-- Deploy memory-orchestrator:archive_key_rotation to pg
-- requires: archive_storage
-- requires: sensitive_memories
-- Sensitive memories in cold storage keep their ciphertext (the archive
-- copies content_encrypted like any column): key rotation must reach them
-- too, or a memory restored after a rotation would not open with the new
-- key. rotate_encryption_key_impl, version 2, covers memory_archive.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/rotate_encryption_key_impl.v2.sql

COMMIT;
