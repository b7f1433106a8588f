-- Deploy memory-orchestrator:tenant_check_once to pg
-- requires: read_one_statement
-- The tenant policies' question asked once per top-level statement (issue
-- 16, point 1): every tenant_isolation policy of every table a call
-- touches called current_tenant, which ran may_act_for's look-up of the
-- grants each time (three times per read, a third of its CPU).
--   tenant_check (unlogged sequence)  the session's answer for this
--                                     statement, where only memory_owner
--                                     can write it (no WAL: no transaction
--                                     id for a read)
--   current_tenant v3                 keeps and checks it
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE UNLOGGED SEQUENCE memory_store.tenant_check AS bigint
    MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE;
REVOKE ALL ON SEQUENCE memory_store.tenant_check FROM PUBLIC;
COMMENT ON SEQUENCE memory_store.tenant_check IS
    'current_tenant''s answer for the running statement, per session (currval): 64 bits of the SHA-256 of statement_timestamp(), session_user and the user it may act for. Written only by memory_owner (setval), never read for its shared value.';

\ir ../functions/memory_store/tenancy/current_tenant.v3.sql

COMMIT;
