-- Revert memory-orchestrator:checker_findings from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/import/import_session_memory_agent_record.v1.sql
\ir ../functions/history/memory_store/import/import_jarvis_memory_record.v2.sql

COMMIT;
