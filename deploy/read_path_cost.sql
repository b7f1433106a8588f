-- Deploy memory-orchestrator:read_path_cost to pg
-- requires: search_ranked
-- The fixed cost of a read (issue 16, point 1), found by profiling the read
-- path (perf, auto_explain with nested statements; docs/benchmarks.md):
--   read_memory_impl v2   the registry's created_at as a parameter: the read
--                         of memory_entries initialises one partition, not
--                         all of them; the tags in the same statement; one
--                         generic plan per session
--   tags_of v2            PL/pgSQL: planned once per session, not parsed and
--                         planned again in every calling statement
--   sensitive_stub v2, memory_json v2, current_agent_id v2
--                         SQL functions the planner inlines (no SET clause)
--   reveal v4             a record that is not sensitive returns at once
--   audit v3, sanitize_request v3, audit_read_commit v2, check_id v2,
--   require v2            no SET clause (each one costs a GUC save and
--                         restore per call); the session of the audit row
--                         is looked up only when there is one; short
--                         scalars of a request are kept without a call
--   current_tenant v2, sees_all_tenants v2, sees_all_rows v2
--                         the tenant policies' questions, asked on every
--                         statement: no call or statement when the answer
--                         is known from memory.user_id; sees_all_rows
--                         (SECURITY INVOKER) without a SET clause
-- Helpers without a SET clause are SECURITY INVOKER, not executable by
-- PUBLIC, qualify every name of the package and run under the pinned
-- search_path of the SECURITY DEFINER function that calls them.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/support/require.v2.sql
\ir ../functions/memory_store/support/check_id.v2.sql
\ir ../functions/memory_store/support/current_agent_id.v2.sql
\ir ../functions/memory_store/sensitive/sensitive_stub.v2.sql
\ir ../functions/memory_store/tags/tags_of.v2.sql
\ir ../functions/memory_store/memories/memory_json.v2.sql
\ir ../functions/history/memory_store/memories/read_memory_impl.v2.sql
\ir ../functions/memory_store/sensitive/reveal.v4.sql
\ir ../functions/history/memory_store/audit/sanitize_request.v3.sql
\ir ../functions/history/memory_store/audit/audit_read_commit.v2.sql
\ir ../functions/history/memory_store/audit/audit.v3.sql
\ir ../functions/history/memory_store/tenancy/sees_all_tenants.v2.sql
\ir ../functions/history/memory_store/tenancy/sees_all_rows.v2.sql
\ir ../functions/history/memory_store/tenancy/current_tenant.v2.sql

COMMIT;
