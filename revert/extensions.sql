-- Revert memory-orchestrator:extensions from pg
BEGIN;

DROP EXTENSION IF EXISTS vector;
DROP SCHEMA IF EXISTS extensions;

COMMIT;
