-- Revert memory-orchestrator:relationship_walk_budget from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/relationships/walk_relationships_impl.v1.sql

COMMIT;
