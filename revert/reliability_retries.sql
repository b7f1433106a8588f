-- Revert memory-orchestrator:reliability_retries from pg
-- Restores the previous bodies.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tags_target.v1.sql
\ir ../functions/history/memory_store/create_memory_impl.v1.sql
\ir ../functions/history/memory_store/create_sensitive_memory_impl.v1.sql

\ir ../functions/history/memory/dispatch.v2.sql

COMMIT;
