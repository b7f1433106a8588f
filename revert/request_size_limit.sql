-- Revert memory-orchestrator:request_size_limit from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory/dispatch/dispatch.v4.sql

DROP FUNCTION memory_store.oversized_request(bigint);
DROP FUNCTION memory_store.max_request_bytes();

COMMIT;
