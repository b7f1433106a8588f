-- Revert memory-orchestrator:tenancy_import from pg
-- The previous bodies, kept alone in <name>.v1.sql (CREATE OR REPLACE: owners
-- and grants stay).
BEGIN;

\ir ../functions/history/memory_store/reconcile.v1.sql
\ir ../functions/history/memory_store/import_jarvis_memory_record.v1.sql

COMMIT;
