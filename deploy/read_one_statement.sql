-- Deploy memory-orchestrator:read_one_statement to pg
-- requires: read_path_cost
-- requires: history_api
-- requires: erase_user
-- The fixed cost of a read, continued (issue 16, point 1): by the profile
-- (track_functions, perf) an agent's read spent as much in its audit call
-- as in the read itself: a second statement with a look-up of the registry
-- and of the session (whose tenant policy asks its own question), the
-- request sanitized key by key.
--   audit_context (new)     the server-filled columns of an audit row, one
--                           inlined SQL function for every writer of one
--   read_memory_impl v3     with p_audit_request, the statement that reads
--                           the memory writes its audit row too (the ids of
--                           the row it read: no look-up; the request is
--                           the caller's typed arguments: nothing to
--                           sanitize); VOLATILE, as it may write
--   read_memory v5          reads and audits in that one statement
--   audit_read_commit v3    p_durable puts the durable commit back (a read
--                           learns that a memory is sensitive after its
--                           audit row is written)
--   audit v4                its columns from audit_context; the row of a
--                           write puts the durable commit back, which
--                           trigger memory_access_logs_write_commit did
--                           (its WHEN clause was compiled again by every
--                           audit insert, a read's too: dropped)
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/audit/audit_context.v1.sql
\ir ../functions/memory_store/audit/audit_read_commit.v3.sql
\ir ../functions/memory_store/audit/audit.v4.sql
DROP TRIGGER memory_access_logs_write_commit ON memory_store.memory_access_logs;
DROP FUNCTION memory_store.memory_access_logs_write_commit();
DROP FUNCTION memory_store.read_memory_impl(text, boolean);
\ir ../functions/memory_store/memories/read_memory_impl.v3.sql
\ir ../functions/memory/memories/read_memory.v5.sql

COMMIT;
