-- Revert memory-orchestrator:audit_loopback_any_auth from pg
BEGIN;

SET LOCAL ROLE memory_owner;
\ir ../functions/history/memory_store/audit/audit_autonomous.v2.sql
DROP FUNCTION memory_store.audit_loopback_connect(text);
RESET ROLE;

REVOKE EXECUTE ON FUNCTION extensions.dblink_connect_u(text, text) FROM memory_owner;

COMMIT;
