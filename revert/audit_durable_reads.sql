-- Revert memory-orchestrator:audit_durable_reads from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/archive/reveal_archived.v2.sql
\ir ../functions/history/memory_store/sensitive/reveal.v2.sql
\ir ../functions/history/memory_store/sensitive/reveal_cipher.v1.sql
DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text);
\ir ../functions/history/memory_store/audit/audit_autonomous.v3.sql
\ir ../functions/history/memory_store/audit/audit.v1.sql

-- The append-only log keeps its rows; only these two columns go.
ALTER TABLE memory_store.memory_access_logs DROP COLUMN login_role, DROP COLUMN user_id;

COMMIT;
