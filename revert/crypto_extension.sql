-- Revert memory-orchestrator:crypto_extension from pg
BEGIN;

DROP EXTENSION IF EXISTS pgcrypto;

COMMIT;
