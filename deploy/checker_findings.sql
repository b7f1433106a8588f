-- Deploy memory-orchestrator:checker_findings to pg
-- requires: function_layout
-- What plpgsql_check 2.8 (Debian 13) flags and 2.2 (Debian 12) did not: the
-- integer FOR loops of two importers declared a loop variable of the same
-- name as a variable of the function (shadowing). They count with their own
-- name now; the records imported are the same.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/import/import_jarvis_memory_record.v3.sql
\ir ../functions/history/memory_store/import/import_session_memory_agent_record.v2.sql

COMMIT;
