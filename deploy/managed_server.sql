-- Deploy memory-orchestrator:managed_server to pg
-- requires: function_layout
-- Deploying without a superuser (managed PostgreSQL: a role that owns the
-- database and has CREATEROLE; docs/setup.md, "Managed PostgreSQL"): the
-- earlier changes create memory_maintainer without BYPASSRLS there, and the
-- tenant policy admits it instead (memory_store.sees_all_tenants v2), so the
-- maintenance, import and archive functions see every tenant either way.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/tenancy/sees_all_tenants.v2.sql

COMMIT;
