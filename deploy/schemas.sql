-- Deploy memory-orchestrator:schemas to pg
-- requires: roles
--   memory_store  private: the eight seed tables and their helpers; no agent privilege
--   memory        public face: the agent API (functions only)
BEGIN;

CREATE SCHEMA memory_store AUTHORIZATION memory_owner;
COMMENT ON SCHEMA memory_store IS 'memory-orchestrator storage: tables are reached only through the functions of schema memory';
REVOKE ALL ON SCHEMA memory_store FROM PUBLIC;
GRANT USAGE ON SCHEMA memory_store TO memory_dba, memory_auditor;

CREATE SCHEMA memory AUTHORIZATION memory_owner;
COMMENT ON SCHEMA memory IS 'memory-orchestrator agent API';
REVOKE ALL ON SCHEMA memory FROM PUBLIC;
GRANT USAGE ON SCHEMA memory TO memory_agent, memory_dba, memory_auditor;

-- PostgreSQL grants EXECUTE on new functions to PUBLIC; nothing of this package
-- is meant for PUBLIC, so functions created by the owner start with no grant.
ALTER DEFAULT PRIVILEGES FOR ROLE memory_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

COMMIT;
