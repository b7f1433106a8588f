-- Revert memory-orchestrator:read_path_cost from pg
-- The previous bodies.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/support/require.v1.sql
\ir ../functions/history/memory_store/support/check_id.v1.sql
\ir ../functions/history/memory_store/support/current_agent_id.v1.sql
\ir ../functions/history/memory_store/sensitive/sensitive_stub.v1.sql
\ir ../functions/history/memory_store/tags/tags_of.v1.sql
\ir ../functions/history/memory_store/memories/memory_json.v1.sql
\ir ../functions/history/memory_store/memories/read_memory_impl.v1.sql
\ir ../functions/history/memory_store/sensitive/reveal.v3.sql
\ir ../functions/history/memory_store/audit/sanitize_request.v2.sql
\ir ../functions/history/memory_store/audit/audit_read_commit.v1.sql
\ir ../functions/history/memory_store/audit/audit.v2.sql
\ir ../functions/history/memory_store/tenancy/sees_all_tenants.v1.sql
\ir ../functions/history/memory_store/tenancy/sees_all_rows.v1.sql
\ir ../functions/history/memory_store/tenancy/current_tenant.v1.sql

COMMIT;
