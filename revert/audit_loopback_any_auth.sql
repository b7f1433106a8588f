-- Revert memory-orchestrator:audit_loopback_any_auth from pg
BEGIN;

SET LOCAL ROLE memory_owner;
\ir ../functions/history/memory_store/audit/audit_autonomous.v2.sql
DROP FUNCTION memory_store.audit_loopback_connect(text);
RESET ROLE;

DO $$
BEGIN
    IF pg_catalog.to_regprocedure('extensions.dblink_connect_u(text, text)') IS NOT NULL
       AND (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        REVOKE EXECUTE ON FUNCTION extensions.dblink_connect_u(text, text) FROM memory_owner;
    END IF;
END
$$;

COMMIT;
