-- Deploy memory-orchestrator:write_path_cost to pg
-- requires: tenancy_folds
-- The write back at the cost of a bare insert (issue 16): every tag and
-- embedding of a write takes its user_id from the memory through
-- memory_user_id, an SQL function with a SET clause, so its join of the
-- registry to every monthly partition of memory_entries was planned on each
-- call (0.51 ms, three calls per write: the write at 1.66x the bare insert).
-- v2 is PL/pgSQL, planned once per session, and reads one partition.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/memory_user_id.v2.sql

COMMIT;
