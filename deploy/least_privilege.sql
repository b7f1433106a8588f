-- Deploy memory-orchestrator:least_privilege to pg
-- requires: schemas
-- The auditor reads the access log and nothing else: it loses USAGE on the
-- API schema (it holds EXECUTE on no function there anyway). The privileges
-- of every role are proven by tests/pgtap/privileges.sql and
-- tests/test_security.py (README, "Security model").
BEGIN;

REVOKE USAGE ON SCHEMA memory FROM memory_auditor;

COMMIT;
