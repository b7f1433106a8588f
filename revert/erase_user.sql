-- Revert memory-orchestrator:erase_user from pg
-- The previous trigger body, then the objects this change added.
BEGIN;

DROP FUNCTION memory_store.erase_user(text);

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/audit/memory_access_logs_append_only.v1.sql

DROP INDEX memory_store.idx_memory_access_logs_user_id;
DROP FUNCTION memory_store.erasure_in_progress();
DROP TABLE memory_store.erasure_receipts;

RESET ROLE;

COMMIT;
